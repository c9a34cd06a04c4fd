import { urlHint, type EndpointDraft } from './endpoint-form';
import { Field, FormSection, type PartProps } from './form-parts';
import { TopicsPicker } from './TopicsPicker';
import { LocalInboxPicker } from './LocalInboxPicker';

/** Name, type, URL (or one of the local inboxes), topics and description. */
export function GeneralPart({ d, set, errors }: PartProps) {
  const hint = urlHint(d.url, d.allowPlainHttp);
  return (
    <FormSection title="Endpoint">
      <Field label="Nickname" error={errors.name}>
        <input
          value={d.name}
          onChange={(e) => set({ name: e.target.value })}
          placeholder="Orders service (staging)"
          autoFocus
        />
      </Field>
      <Field
        label="Type"
        hint={
          d.type === 'webhook'
            ? 'An HTTP request with the event as the body.'
            : 'The event is wrapped in a chat message.'
        }
      >
        <select value={d.type} onChange={(e) => set({ type: e.target.value as EndpointDraft['type'] })}>
          <option value="webhook">Webhook</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="teams">Microsoft Teams</option>
          <option value="discord">Discord</option>
        </select>
      </Field>
      <Field
        label="URL"
        wide
        error={errors.url ?? (hint?.error ? hint.text : undefined)}
        hint={hint && !hint.error ? hint.text : undefined}
      >
        <input
          className="mono"
          value={d.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder="https://example.com/webhooks"
          spellCheck={false}
        />
      </Field>
      <LocalInboxPicker onPick={(url) => set({ url })} />
      <TopicsPicker topics={d.topics} onChange={(topics) => set({ topics })} error={errors.topics} />
      <Field label="Description (optional)" wide error={errors.description}>
        <input
          value={d.description}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="What this endpoint is for"
        />
      </Field>
    </FormSection>
  );
}

export type { PartProps } from './form-parts';
export { RequestPart } from './RequestPart';
export { SigningPart } from './SigningPart';
export { DeliveryPart } from './DeliveryPart';
