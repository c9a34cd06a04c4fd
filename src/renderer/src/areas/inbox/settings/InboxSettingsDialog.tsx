import { useState } from 'react';
import { Tabs } from 'radix-ui';
import type {
  Inbox,
  ResponseRule,
  ResponseSpec,
  RetentionConfig,
  VerifyConfig,
} from '../../../../../shared/receiver';
import { api } from '../../../lib/api';
import { ApiError, errorMessage } from '../../../lib/api-error';
import { revealFirstError, userIssue } from '../../../lib/field-errors';
import { useStore } from '../../../store';
import { confirmDestructive } from '../../../components/confirm';
import { useDiscardGuard } from '../../../components/discard';
import { ResponseEditor, responseProblems } from './ResponseEditor';
import { RulesEditor } from './RulesEditor';
import { VerificationForm } from './VerificationForm';
import { DialogFrame } from '../../../components/DialogFrame';
import { Field } from '../../../components/Field';
import '../dialogs.css';

export type SettingsTab = 'responses' | 'verification' | 'forwarding' | 'general';

interface Draft {
  name: string;
  response: ResponseSpec;
  rules: ResponseRule[];
  verify: VerifyConfig | null;
  maxBodyBytes: number;
  retention: RetentionConfig;
  duplicateJsonField: string | null;
  forwardUrl: string | null;
}

const draftOf = (i: Inbox): Draft => ({
  name: i.name,
  response: i.response,
  rules: i.rules,
  verify: i.verify,
  maxBodyBytes: i.maxBodyBytes,
  retention: i.retention,
  duplicateJsonField: i.duplicateJsonField,
  forwardUrl: i.forwardUrl,
});

const MIB = 1024 * 1024;
const numOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

export function InboxSettingsDialog({
  slug,
  initialTab,
  onClose,
}: {
  slug: string;
  initialTab: SettingsTab;
  onClose(): void;
}) {
  const inbox = useStore((s) => s.inboxes.find((i) => i.slug === slug));
  const [draft, setDraft] = useState<Draft | null>(() => (inbox ? draftOf(inbox) : null));
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const [forwardOn, setForwardOn] = useState(!!inbox?.forwardUrl);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useDiscardGuard(true, { draft, forwardOn }, onClose);
  if (!inbox || !draft) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = async () => {
    setError(null);
    const answers = [
      draft.response,
      ...draft.rules.flatMap((r) =>
        r.action.type === 'respond' ? [r.action] : r.action.type === 'sequence' ? r.action.steps : [],
      ),
    ];
    const badAnswer = answers.some((r) => Object.keys(responseProblems(r)).length > 0);
    if (badAnswer) {
      setTab('responses');
      setError('An answer needs a look: see the field in red.');
      revealFirstError(document.querySelector<HTMLElement>('.settings-dialog'));
      return;
    }
    if (draft.verify && draft.verify.secrets.some((s) => !s.trim())) {
      setTab('verification');
      return setError('Enter every secret, or remove the empty ones.');
    }
    setBusy(true);
    try {
      const updated = await api.inboxes.update({
        slug,
        ...draft,
        forwardUrl: forwardOn && draft.forwardUrl?.trim() ? draft.forwardUrl.trim() : null,
      });
      const s = useStore.getState();
      s.inboxesChanged(s.inboxes.map((i) => (i.slug === slug ? updated : i)));
      s.notify('success', `Saved the settings of "${updated.name}".`);
      onClose();
    } catch (err) {
      setError(
        err instanceof ApiError && err.issues?.length
          ? err.issues.slice(0, 3).map(userIssue).join(' ')
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (
      !(await confirmDestructive(
        `Delete the inbox "${slug}" and its ${inbox.requestCount.toLocaleString()} requests? This cannot be undone.`,
        'Delete inbox',
      ))
    )
      return;
    try {
      await api.inboxes.delete({ slug });
      onClose();
      await useStore.getState().loadInboxes();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <DialogFrame
      onOpenChange={guard.onOpenChange}
      className="dialog-wide settings-dialog"
      title={
        <>
          Inbox settings <span className="muted">· {inbox.name}</span>
        </>
      }
    >
          <Tabs.Root value={tab} onValueChange={(v) => setTab(v as SettingsTab)} className="settings-tabs">
            <Tabs.List className="tabs-list" aria-label="Inbox settings">
              <Tabs.Trigger className="tab" value="responses">
                Responses
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="verification">
                Verification
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="forwarding">
                Forwarding
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="general">
                Limits &amp; retention
              </Tabs.Trigger>
            </Tabs.List>
            <div className="settings-tab-body">
              <Tabs.Content value="responses" className="form-stack">
                <h3>Default answer</h3>
                <p className="small muted">
                  Sent when no rule matches. Every request is stored before it is answered.
                </p>
                <ResponseEditor
                  label="Default"
                  value={draft.response}
                  onChange={(response) => set({ response })}
                />
                <h3>Rules</h3>
                <p className="small muted">
                  Checked in order; the first enabled rule whose conditions all hold answers instead.
                </p>
                <RulesEditor slug={slug} rules={draft.rules} onChange={(rules) => set({ rules })} />
              </Tabs.Content>
              <Tabs.Content value="verification">
                <VerificationForm
                  value={draft.verify}
                  onChange={(verify) => set({ verify })}
                  duplicateJsonField={draft.duplicateJsonField}
                  onDuplicateField={(duplicateJsonField) => set({ duplicateJsonField })}
                />
              </Tabs.Content>
              <Tabs.Content value="forwarding" className="form-stack">
                <div className="toggle-line">
                  <input
                    type="checkbox"
                    id="auto-forward"
                    checked={forwardOn}
                    onChange={(e) => setForwardOn(e.target.checked)}
                    className="checkbox"
                  />
                  <label htmlFor="auto-forward">
                    <div>Auto-forward every request</div>
                    <div className="small muted">
                      Like smee or the Hookdeck CLI: each captured request is resent to your local server as
                      it arrives, and its answer is recorded next to the request.
                    </div>
                  </label>
                </div>
                <Field label="Target URL">
                  <input
                    className="mono"
                    aria-label="Auto-forward URL"
                    placeholder="http://localhost:3000/webhooks"
                    disabled={!forwardOn}
                    value={draft.forwardUrl ?? ''}
                    onChange={(e) => set({ forwardUrl: e.target.value })}
                  />
                </Field>
              </Tabs.Content>
              <Tabs.Content value="general" className="form-stack">
                <div className="custom-grid">
                  <Field label="Name">
                    <input
                      aria-label="Inbox name"
                      value={draft.name}
                      onChange={(e) => set({ name: e.target.value })}
                    />
                  </Field>
                  <Field label="Slug">
                    <input className="mono" value={slug} readOnly aria-label="Slug" />
                  </Field>
                  <Field label="Largest body (MiB)">
                    <input
                      type="number"
                      min={0}
                      step="any"
                      aria-label="Largest body in MiB"
                      value={Math.round((draft.maxBodyBytes / MIB) * 1000) / 1000}
                      onChange={(e) => set({ maxBodyBytes: Math.round(Number(e.target.value) * MIB) })}
                    />
                    <span className="small muted" style={{ fontWeight: 400 }}>
                      Larger bodies get 413 before they are read, and are not stored.
                    </span>
                  </Field>
                  <span />
                  <Field label="Keep at most (requests)">
                    <input
                      type="number"
                      min={1}
                      placeholder="no limit"
                      aria-label="Keep at most this many requests"
                      value={draft.retention.maxRequests ?? ''}
                      onChange={(e) =>
                        set({ retention: { ...draft.retention, maxRequests: numOrNull(e.target.value) } })
                      }
                    />
                  </Field>
                  <Field label="Delete after (hours)">
                    <input
                      type="number"
                      min={0}
                      step="any"
                      placeholder="keep forever"
                      aria-label="Delete requests older than this many hours"
                      value={draft.retention.maxAgeHours ?? ''}
                      onChange={(e) =>
                        set({ retention: { ...draft.retention, maxAgeHours: numOrNull(e.target.value) } })
                      }
                    />
                  </Field>
                </div>
                <div className="danger-zone">
                  <div>
                    <div>Delete this inbox</div>
                    <div className="small muted">
                      Its {inbox.requestCount.toLocaleString()} requests are deleted with it.
                    </div>
                  </div>
                  <button type="button" className="button danger" onClick={() => void remove()}>
                    Delete inbox…
                  </button>
                </div>
              </Tabs.Content>
            </div>
          </Tabs.Root>
          {error && (
            <div className="field-error" role="alert">
              {error}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => void guard.request()}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={busy} onClick={() => void save()}>
              Save
            </button>
          </div>
    </DialogFrame>
  );
}
