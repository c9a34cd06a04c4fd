import { methods } from '../../shared/contract';
import type { InboxLink } from '../../shared/dispatcher';
import { HookbenchError } from '../../shared/errors';
import { inboxSlugAt } from '../../shared/inbox-url';
import type { Inbox } from '../../shared/receiver';
import { schemeInfo, type CustomScheme, type SchemeId } from '../../shared/signing';
import type { Handlers } from '../invoke';

/** The receiver's methods the link uses (served by the receiver module, called in-process). */
export type ReceiverAccess = () => Pick<Handlers, 'receiver.status' | 'inboxes.list' | 'inboxes.update'> | null;

export interface SigningOf {
  scheme: SchemeId;
  custom?: CustomScheme;
  secret: string;
}

const sameScheme = (a: { scheme: SchemeId; custom?: CustomScheme }, b: { scheme: SchemeId; custom?: CustomScheme }) =>
  a.scheme === b.scheme && JSON.stringify(a.custom ?? null) === JSON.stringify(b.custom ?? null);

/** How many secrets an inbox verifies with at most (the contract's limit). */
const MAX_SECRETS = 10;

/**
 * "An endpoint pointed at a local inbox makes that inbox verify its signatures": the endpoints
 * methods' `verifyAtInbox` option. `resolve` runs before anything is saved (a URL that is not a
 * local inbox is refused); `link` runs after and never throws, since the endpoint (and the secret
 * shown once) is saved by then.
 */
export class InboxLinker {
  constructor(private readonly receiver: ReceiverAccess) {}

  private access() {
    const r = this.receiver();
    if (!r) throw new HookbenchError('unavailable', 'The receiver is not running, so no inbox can verify signatures.');
    return r;
  }

  /** The inbox the URL delivers to; invalid_input when it is not one of this Hookbench's inboxes. */
  async resolve(url: string): Promise<Inbox> {
    const r = this.access();
    const status = await r['receiver.status']({});
    const base = status.baseUrls[0];
    if (!base) {
      throw new HookbenchError(
        'invalid_input',
        `The receiver is not listening${status.paused ? ' (paused)' : ''}, so verifyAtInbox cannot find the inbox. Resume the receiver, or leave verifyAtInbox out.`,
        [{ path: ['verifyAtInbox'], message: 'The receiver is not listening.' }],
      );
    }
    const slug = inboxSlugAt(url, status);
    if (!slug) {
      throw new HookbenchError(
        'invalid_input',
        `verifyAtInbox needs a URL at one of this Hookbench's inboxes (${base}/<inbox>/…); ${url.slice(0, 200)} is not one. Point the endpoint at an inbox, or leave verifyAtInbox out.`,
        [{ path: ['verifyAtInbox'], message: 'The URL is not one of this Hookbench\'s inboxes.' }],
      );
    }
    const inbox = (await r['inboxes.list']({})).items.find((i) => i.slug === slug);
    if (!inbox) {
      throw new HookbenchError(
        'invalid_input',
        `There is no inbox "${slug.slice(0, 100)}" at ${base}. Create it first, or point the endpoint at an existing inbox.`,
        [{ path: ['url'], message: `No inbox "${slug.slice(0, 100)}".` }],
      );
    }
    return inbox;
  }

  /**
   * Makes the inbox verify `now`. `before` is the endpoint's signing before an update: an inbox
   * that verified its secret follows the change (a new scheme only when it verified that secret
   * alone, so other endpoints' secrets are never dropped).
   */
  async link(inbox: Inbox, now: SigningOf, before: SigningOf | null): Promise<InboxLink> {
    const name = inbox.name;
    const out = (result: InboxLink['result'], message: string): InboxLink => ({ slug: inbox.slug, name, result, message });
    const label = schemeInfo(now.scheme).label;
    const v = inbox.verify;
    let secrets: string[];
    let result: InboxLink['result'];
    let message: string;
    if (!v) {
      secrets = [now.secret];
      result = 'started';
      message = `Inbox “${name}” now verifies this endpoint's ${label} signatures.`;
    } else if (sameScheme(v, now) && v.secrets.includes(now.secret)) {
      return out('unchanged', `Inbox “${name}” already verifies this endpoint's signatures.`);
    } else if (before && sameScheme(v, before) && v.secrets.includes(before.secret) && (sameScheme(v, now) || v.secrets.length === 1)) {
      secrets = sameScheme(v, now) ? [now.secret, ...v.secrets.filter((s) => s !== before.secret)] : [now.secret];
      result = 'replaced';
      message = `Inbox “${name}” now verifies this endpoint's new ${sameScheme(v, now) ? 'secret' : `${label} signatures`}.`;
    } else if (sameScheme(v, now)) {
      secrets = [now.secret, ...v.secrets].slice(0, MAX_SECRETS);
      result = 'added';
      message =
        v.secrets.length >= MAX_SECRETS
          ? `Inbox “${name}” now also verifies this endpoint's secret (its oldest of ${MAX_SECRETS} secrets was dropped).`
          : `Inbox “${name}” now also verifies this endpoint's secret.`;
    } else {
      return out(
        'unchanged',
        `Inbox “${name}” verifies ${schemeInfo(v.scheme).label} signatures, not ${label}; it was left as it is. Change it in the inbox's settings to verify this endpoint.`,
      );
    }
    try {
      const verify = {
        scheme: now.scheme,
        secrets,
        ...(now.custom ? { custom: now.custom } : {}),
        toleranceSeconds: v?.toleranceSeconds ?? 300,
      };
      const input = methods['inboxes.update'].input.parse({ slug: inbox.slug, verify });
      await this.access()['inboxes.update'](input);
      return out(result, message);
    } catch (err) {
      const why = err instanceof HookbenchError ? err.message : 'the inbox could not be changed';
      return out('failed', `The endpoint was saved, but inbox “${name}” does not verify it: ${why}`);
    }
  }
}
