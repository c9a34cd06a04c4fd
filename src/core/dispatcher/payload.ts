import { randomUUID } from 'node:crypto';
import type { EndpointType } from '../../shared/dispatcher';
import { HookbenchError } from '../../shared/errors';
import { renderTemplate, TemplateError, type TemplateFormat } from '../../shared/templates';
import type { EndpointRecord } from './endpoint-store';
import { getAtPath, setAtPath, type IdentityField } from '../../shared/identity';
import { headerSlots, jsonValueSpans, Markers, type DeliveryIdentity, type IdentityValues } from './identity';

/** What a body is built from: the event as given to events.send / ping. */
export interface EventSource {
  id: string;
  topic: string;
  createdAt: number;
  /** A JSON value given by the caller. */
  payload?: unknown;
  /** A template given by the caller; wins over everything else. */
  template?: string;
  /** The catalog's sample text for the topic, when there is one, with its identity and time fields. */
  sample?: { text: string; format: 'json' | 'xml'; identity: readonly IdentityField[] };
  /** Exact body text prepared by the caller (ping). */
  exact?: string;
  /** The payload as JSON bytes, encoded once per event and shared by its deliveries. */
  json?: Buffer;
  /** Placeholders for the event's identity values (one set per event, made on first use). */
  markers?: Markers;
  /** The sample parsed, with markers in its identity fields, and that as text (once per event). */
  marked?: { value: unknown; text: string };
  /** Bodies that came out the same for every delivery (no delivery or attempt values), by render kind. */
  shared?: Map<string, { body: Buffer; identity: DeliveryIdentity | null }>;
}

/** The sample with a marker in each body identity field, pretty printed as the catalog shows it. */
function markedSample(src: EventSource, markers: Markers): { value: unknown; text: string } | undefined {
  if (src.marked) return src.marked;
  const sample = src.sample;
  if (!sample || sample.format !== 'json') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(sample.text);
  } catch {
    return undefined;
  }
  // Fields the text lacks (a caller's payload in place of the sample) are left out.
  const fields = sample.identity.filter((f) => {
    if (f.in !== 'body') return false;
    const v = getAtPath(value, f.path);
    return v !== undefined && (v === null || typeof v !== 'object');
  });
  if (!fields.length) return undefined;
  const spans = jsonValueSpans(
    sample.text,
    fields.map((f) => f.path),
  );
  const edits: [number, number, string][] = [];
  for (const f of fields) {
    const mark = markers.mark(f.role, f.format);
    setAtPath(value, f.path, mark);
    const span = spans?.get(f.path);
    if (span) edits.push([span[0], span[1], JSON.stringify(mark)]);
  }
  // The sample's own text with the marked values swapped (its layout kept), or re-serialised if
  // it could not be located.
  let text: string;
  if (spans && edits.length === fields.length) {
    edits.sort((a, b) => a[0] - b[0]);
    const parts: string[] = [];
    let prev = 0;
    for (const [start, end, mark] of edits) {
      parts.push(sample.text.slice(prev, start), mark);
      prev = end;
    }
    parts.push(sample.text.slice(prev));
    text = parts.join('');
  } else text = JSON.stringify(value, null, 2);
  return (src.marked = { value, text });
}

/** The event's payload as JSON bytes (computed once per event). */
export const payloadJson = (src: EventSource): Buffer =>
  (src.json ??= Buffer.from(JSON.stringify(src.payload) ?? 'null', 'utf8'));

export const formatOf = (contentType: string): TemplateFormat =>
  /json/i.test(contentType) ? 'json' : /xml/i.test(contentType) ? 'xml' : 'text';

const xmlName = (k: string): string => (/^[A-Za-z_][\w.-]*$/.test(k) ? k : `_${k.replace(/[^\w.-]/g, '_')}`);
const xmlText = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);

/** A JSON value as XML: objects become elements, arrays repeat <item>. */
export function jsonToXml(value: unknown, name = 'event', indent = ''): string {
  const tag = xmlName(name);
  if (value === null || value === undefined) return `${indent}<${tag}/>`;
  if (Array.isArray(value)) {
    const items = value.map((v) => jsonToXml(v, 'item', indent + '  ')).join('\n');
    return `${indent}<${tag}>\n${items}\n${indent}</${tag}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      jsonToXml(v, k, indent + '  '),
    );
    return inner.length ? `${indent}<${tag}>\n${inner.join('\n')}\n${indent}</${tag}>` : `${indent}<${tag}/>`;
  }
  return `${indent}<${tag}>${xmlText(String(value))}</${tag}>`;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function render(
  template: string,
  vars: Record<string, unknown>,
  format: TemplateFormat,
  now: number,
  what: string,
): string {
  try {
    return renderTemplate(template, vars, { format, now: new Date(now), uuid: randomUUID }).output;
  } catch (err) {
    if (err instanceof TemplateError)
      throw new HookbenchError('invalid_input', `The ${what} cannot be rendered: ${err.message}.`);
    throw err;
  }
}

/** Wraps a body as a chat message for Slack, Microsoft Teams or Discord incoming webhooks. */
function chatMessage(type: Exclude<EndpointType, 'webhook'>, topic: string, text: string): string {
  const limit = type === 'discord' ? 1800 : 3000;
  const shown = text.length > limit ? `${text.slice(0, limit)}\n…` : text;
  const title = `Hookbench event ${topic}`;
  if (type === 'discord') return JSON.stringify({ content: `**${title}**\n\`\`\`json\n${shown}\n\`\`\`` });
  if (type === 'teams') return JSON.stringify({ text: `**${title}**\n\n\`\`\`\n${shown}\n\`\`\`` });
  return JSON.stringify({
    text: `${title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${shown}\`\`\`` } },
    ],
  });
}

/**
 * The body one endpoint gets for an event, its content type and its identity slots. Rendered once
 * per delivery, at enqueue, as attempt 1 sends it; later attempts rewrite only their attempt values
 * (identity.ts). Identity values (the catalog's declared fields, and the id / time variables of
 * templates) are filled here: the event's from `src`, the delivery's and endpoint's from the
 * arguments.
 */
export function buildBody(
  src: EventSource,
  ep: EndpointRecord,
  deliveryId: string,
  now: number,
): { body: Buffer; contentType: string; identity: DeliveryIdentity | null } {
  const f = ep.fields;
  const contentType = f.type === 'webhook' ? f.contentType : 'application/json';
  const format = formatOf(f.contentType);
  // The common case: the caller's JSON payload as is, no template anywhere.
  if (
    f.type === 'webhook' &&
    format !== 'xml' &&
    src.payload !== undefined &&
    src.template === undefined &&
    src.exact === undefined &&
    !f.payloadTemplate
  ) {
    return { body: payloadJson(src), contentType, identity: null };
  }
  const markers = (src.markers ??= new Markers());
  const headers =
    src.payload === undefined && src.template === undefined ? headerSlots(src.sample?.identity ?? []) : [];
  // A sample without a template of its own renders the same for every endpoint of one kind until
  // its delivery values are filled in: that text is shared, and so is the body when it has none.
  const shareKey =
    src.template === undefined &&
    src.exact === undefined &&
    src.payload === undefined &&
    !f.payloadTemplate &&
    !(src.sample && /\{\{|\{%/.test(src.sample.text))
      ? `${f.type}|${format}`
      : null;
  const values: IdentityValues = {
    eventId: src.id,
    eventTime: src.createdAt,
    deliveryId,
    endpointId: ep.id,
    attemptNumber: 1,
    attemptTime: now,
  };
  const finish = (text: string) => {
    const { text: out, slots } = markers.resolve(text, values);
    const identity = slots.length || headers.length ? { t: src.createdAt, b: slots, h: headers } : null;
    return { body: Buffer.from(out, 'utf8'), contentType, identity };
  };
  const shared = shareKey ? src.shared?.get(shareKey) : undefined;
  if (shared) return { body: shared.body, contentType, identity: shared.identity };
  const marked = markedSample(src, markers);
  const payloadValue =
    src.payload !== undefined
      ? src.payload
      : marked
        ? marked.value
        : src.sample?.format === 'json'
          ? parseJson(src.sample.text)
          : undefined;
  // Template variables, built only when a template is rendered.
  const vars = (): Record<string, unknown> => {
    const ids = markers.vars();
    return {
      ...(payloadValue && typeof payloadValue === 'object' && !Array.isArray(payloadValue)
        ? (payloadValue as Record<string, unknown>)
        : {}),
      payload: payloadValue ?? null,
      event: { ...ids.event, topic: src.topic },
      endpoint: { ...ids.endpoint, name: f.name, url: f.url },
      delivery: ids.delivery,
      attempt: ids.attempt,
    };
  };
  let text: string;
  if (src.template !== undefined) text = render(src.template, vars(), format, now, 'payload template');
  else if (src.exact !== undefined) text = src.exact;
  else if (f.payloadTemplate)
    text = render(f.payloadTemplate, vars(), format, now, `payload template of endpoint "${f.name}"`);
  else if (src.payload !== undefined)
    text =
      format === 'xml'
        ? `<?xml version="1.0" encoding="UTF-8"?>\n${jsonToXml(src.payload)}`
        : JSON.stringify(src.payload);
  else if (src.sample) {
    const sample = src.sample.text;
    text = /\{\{|\{%/.test(sample)
      ? render(sample, vars(), src.sample.format, now, `catalog sample for ${src.topic}`)
      : (marked?.text ?? sample);
    if (format === 'xml' && src.sample.format === 'json' && payloadValue !== undefined) {
      text = `<?xml version="1.0" encoding="UTF-8"?>\n${jsonToXml(payloadValue)}`;
    }
  } else {
    // No catalog entry and no payload: MFTPlus's envelope with empty data (seed 004).
    const envelope = {
      id: markers.mark('event.id', 'hookbench'),
      event: src.topic,
      timestamp: markers.mark('event.time', 'iso8601-ms'),
      data: {},
    };
    text =
      format === 'xml'
        ? `<?xml version="1.0" encoding="UTF-8"?>\n${jsonToXml(envelope)}`
        : JSON.stringify(envelope);
  }
  // A chat message quotes the text, cut to the platform's limit: its values are filled before it
  // is wrapped (a cut could split a marker), and stay as the first attempt had them.
  const built =
    f.type === 'webhook'
      ? finish(text)
      : (() => {
          const wrapped = finish(chatMessage(f.type, src.topic, markers.resolve(text, values).text));
          return { ...wrapped, identity: headers.length ? { t: src.createdAt, b: [], h: headers } : null };
        })();
  if (shareKey && !built.identity?.b.some((sl) => !sl[2].startsWith('event.'))) {
    (src.shared ??= new Map()).set(shareKey, { body: built.body, identity: built.identity });
  }
  return built;
}

/**
 * webhook.ping in SFTP To Go's format (seed 000), describing the endpoint, with markers where its
 * event, delivery and attempt ids and its time go (Hookbench's ids, so the delivery log matches).
 */
export function pingPayload(ep: EndpointRecord, markers: Markers): string {
  const state = ep.state === 'active' ? 'enabled' : ep.state;
  const eventId = markers.mark('event.id', 'hookbench');
  const now = markers.mark('event.time', 'epoch-ms');
  return JSON.stringify({
    Id: eventId,
    Topic: 'webhook.ping',
    CreatedAt: now,
    UpdatedAt: now,
    Resource: 'webhook',
    PreviousData: null,
    Data: {
      Topics: ep.fields.topics,
      State: state,
      Alias: ep.fields.name,
      CreatedAt: ep.createdAt,
      Id: ep.id,
      UpdatedAt: ep.updatedAt,
      Url: ep.fields.url,
    },
    Metadata: {
      Webhook: { Id: ep.id },
      Delivery: { Id: markers.mark('delivery.id', 'hookbench') },
      Attempt: { Id: markers.mark('attempt.id', 'hookbench') },
      Event: { Id: eventId, Topic: 'webhook.ping' },
    },
  });
}
