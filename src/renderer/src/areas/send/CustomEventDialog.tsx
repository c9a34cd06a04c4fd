import { useEffect, useState } from 'react';
import { TOPIC_PATTERN, type CatalogEntry } from '../../../../shared/catalog';
import { validatePayload } from '../../../../shared/payload-check';
import { CodeEditor } from '../../components/CodeEditor';
import { Segmented } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useDiscardGuard } from '../../components/discard';
import { useStore } from '../../store';
import type { IdentityField } from '../../../../shared/identity';
import { IdentityFieldsEditor, identityProblem } from './IdentityFieldsEditor';
import { DialogFrame } from '../../components/DialogFrame';

export interface CustomEventSeed {
  topic: string;
  description: string;
  format: 'json' | 'xml';
  sample: string;
  identity?: IdentityField[];
}

/**
 * Creates a user-defined event type in the catalog (or edits one): a topic, what it means, and the
 * sample payload sent when an event of that topic has no payload of its own.
 */
export function CustomEventDialog(props: {
  seed: CustomEventSeed | null;
  editing: CatalogEntry | null;
  onClose(saved?: CatalogEntry): void;
}) {
  const open = !!props.seed;
  const [topic, setTopic] = useState('');
  const [description, setDescription] = useState('');
  const [format, setFormat] = useState<'json' | 'xml'>('json');
  const [sample, setSample] = useState('');
  const [identity, setIdentity] = useState<IdentityField[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seedFields = props.seed && {
    topic: props.seed.topic,
    description: props.seed.description,
    format: props.seed.format,
    sample: props.seed.sample,
  };
  const guard = useDiscardGuard(
    open,
    { topic, description, format, sample },
    () => props.onClose(),
    seedFields,
  );

  useEffect(() => {
    if (!props.seed) return;
    setTopic(props.seed.topic);
    setDescription(props.seed.description);
    setFormat(props.seed.format);
    setSample(props.seed.sample);
    setIdentity(props.seed.identity ?? []);
    setError(null);
  }, [props.seed]);

  const topicProblem = !topic.trim()
    ? 'Enter a topic, e.g. invoice.paid.'
    : !TOPIC_PATTERN.test(topic.trim())
      ? 'Use letters, digits and . _ : - only.'
      : null;
  const check = sample.trim() ? validatePayload(sample, format) : null;
  const sampleProblem = !sample.trim()
    ? 'Enter the sample payload.'
    : check && !check.ok
      ? `${check.message} (line ${check.line}, column ${check.column})`
      : null;

  const save = async () => {
    const idProblem = identityProblem(identity, sample, format);
    if (topicProblem || sampleProblem || idProblem)
      return setError(topicProblem ?? sampleProblem ?? idProblem);
    setSaving(true);
    try {
      const entry = props.editing
        ? await api.catalog.update({ topic: props.editing.topic, description, format, sample, identity })
        : await api.catalog.create({ topic: topic.trim(), description, format, sample, identity });
      useStore
        .getState()
        .notify('success', `${props.editing ? 'Saved' : 'Added'} “${entry.topic}” to your events.`);
      props.onClose(entry);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <DialogFrame
      open={open}
      onOpenChange={guard.onOpenChange}
      className="custom-event-dialog"
      title={props.editing ? `Edit “${props.editing.topic}”` : 'New event type'}
      describedBy="custom-event-desc"
      actions={
        <>
          <button type="button" className="button" onClick={() => void guard.request()}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={saving} onClick={() => void save()}>
            {props.editing ? 'Save event' : 'Add event'}
          </button>
        </>
      }
    >
      <p id="custom-event-desc" className="muted small">
        Your own events sit in the catalog beside the built-in ones: endpoints can subscribe to them, and
        sending one without a payload sends this sample.
      </p>
      <label className="field">
        <span>Topic</span>
        <input
          className="mono"
          value={topic}
          disabled={!!props.editing}
          onChange={(e) => setTopic(e.target.value)}
          placeholder="invoice.paid"
          aria-label="Event topic"
        />
      </label>
      <label className="field">
        <span>Description</span>
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="Sent when an invoice is paid"
          aria-label="Event description"
        />
      </label>
      <div className="field">
        <span>Sample payload</span>
        <Segmented<'json' | 'xml'>
          label="Sample format"
          value={format}
          onChange={setFormat}
          options={[
            { value: 'json', label: 'JSON' },
            { value: 'xml', label: 'XML' },
          ]}
        />
        <CodeEditor
          value={sample}
          onChange={setSample}
          language={format}
          ariaLabel="Sample payload"
          minHeight={180}
        />
      </div>
      <IdentityFieldsEditor value={identity} onChange={setIdentity} sample={sample} format={format} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </DialogFrame>
  );
}
