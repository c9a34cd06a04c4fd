import type { Endpoint } from '../../../../shared/dispatcher';
import type { SendInput } from '../../../../shared/dispatcher-deliveries';
import {
  listTemplateVariables,
  renderTemplate,
  TemplateError,
  type TemplateVariable,
} from '../../../../shared/templates';
import type { SendDraft } from '../../store/dispatch-slice';
import { validatePayload } from '../../../../shared/payload-check';

/** Whether an endpoint subscribed with `pattern` gets `topic` (as the dispatcher decides: exact, "*", "prefix.*"). */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === topic) return true;
  return pattern.endsWith('.*') && topic.startsWith(pattern.slice(0, -1));
}

/** Endpoints a fan-out of `topic` reaches (disabled ones are skipped by the dispatcher). */
export const subscribersOf = (endpoints: Endpoint[], topic: string) =>
  endpoints.filter((e) => e.state !== 'disabled' && e.topics.some((p) => topicMatches(p, topic)));

export const isTemplate = (text: string) => /\{\{|\{%/.test(text);

export type PayloadCheck =
  | { ok: true; summary: string; variables: TemplateVariable[] }
  | { ok: false; message: string; line?: number; column?: number; variables: TemplateVariable[] };

/** The core's own well-formedness check, so the screen and the dispatcher agree on what is valid. */
function checkFormat(text: string, format: 'json' | 'xml'): { message: string; line?: number; column?: number } | null {
  const r = validatePayload(text, format);
  return r.ok ? null : { message: r.message, line: r.line, column: r.column };
}
const checkJson = (text: string) => checkFormat(text, 'json');
const checkXml = (text: string) => checkFormat(text, 'xml');

const PREVIEW_UUID = '00000000-0000-4000-8000-000000000000';

/** Variables a template sees when sent from this screen (as the dispatcher builds them; ids are placeholders). */
export function templateVars(draft: SendDraft, endpoint: Endpoint | null): Record<string, unknown> {
  const now = new Date();
  let payload: unknown;
  try {
    payload = draft.vars.trim() ? JSON.parse(draft.vars) : null;
  } catch {
    payload = null;
  }
  const fields =
    payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  return {
    ...fields,
    payload,
    event: {
      id: 'evt_preview',
      uuid: PREVIEW_UUID,
      whevt_id: 'whevt_0preview0preview',
      topic: draft.topic,
      timestamp: now.toISOString(),
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      time_ms: now.getTime(),
      time_s: Math.floor(now.getTime() / 1000),
    },
    endpoint: {
      id: endpoint?.id ?? 'ep_preview',
      uuid: PREVIEW_UUID,
      name: endpoint?.name ?? 'Preview',
      url: endpoint?.url ?? 'https://example.com/webhooks',
    },
    delivery: { id: 'msg_preview', uuid: PREVIEW_UUID },
    attempt: { id: 'att_preview_1', uuid: PREVIEW_UUID, number: 1 },
  };
}

/** Live validation of the editor: well-formed JSON/XML, or a template that renders to it. */
export function checkPayload(draft: SendDraft, endpoint: Endpoint | null): PayloadCheck {
  const { text, format } = draft;
  if (!text.trim()) return { ok: false, message: 'The payload is empty.', variables: [] };
  const kind = format === 'xml' ? 'XML' : 'JSON';
  if (!isTemplate(text)) {
    const problem = format === 'xml' ? checkXml(text) : checkJson(text);
    return problem
      ? { ...problem, ok: false, variables: [] }
      : { ok: true, summary: `Valid ${kind}`, variables: [] };
  }
  const variables = listTemplateVariables(text);
  if (draft.vars.trim() && checkJson(draft.vars))
    return { ok: false, message: 'The template variables are not valid JSON.', variables };
  let output: string;
  try {
    output = renderTemplate(text, templateVars(draft, endpoint), {
      format,
      now: new Date(),
      uuid: () => crypto.randomUUID(),
    }).output;
  } catch (e) {
    if (e instanceof TemplateError)
      return { ok: false, message: e.detail, line: e.line, column: e.column, variables };
    return { ok: false, message: String(e), variables };
  }
  const problem = format === 'xml' ? checkXml(output) : checkJson(output);
  if (problem)
    return { ok: false, message: `Once rendered, the ${kind} is not valid: ${problem.message}`, variables };
  return { ok: true, summary: `Template renders to valid ${kind}`, variables };
}

/** What events.send / events.preview get for this draft. */
export function sendBody(draft: SendDraft): Pick<SendInput, 'payload' | 'template' | 'fillIdentity'> {
  if (draft.sample !== null && draft.text === draft.sample) return {};
  if (isTemplate(draft.text)) {
    let vars: unknown;
    try {
      vars = draft.vars.trim() ? JSON.parse(draft.vars) : undefined;
    } catch {
      vars = undefined;
    }
    const hasVars =
      vars !== undefined && !(vars && typeof vars === 'object' && Object.keys(vars).length === 0);
    return { template: draft.text, ...(hasVars ? { payload: vars } : {}) };
  }
  if (draft.format === 'json') {
    try {
      // An edited catalog sample still gets fresh ids and times in its identity fields.
      return { payload: JSON.parse(draft.text), ...(draft.sample !== null ? { fillIdentity: true } : {}) };
    } catch {
      return { template: draft.text };
    }
  }
  return { template: draft.text };
}

export const EXAMPLE_TEMPLATE = `{
  "alert": {
    "type": "{{event_type}}",
    "system": "Hookbench",
    "id": "{{uuid}}",
    "details": {
      "transfer_name": "{{transfer_name}}",
      "status": "{{status}}",
      "time": "{{now}}",
      "size_mb": {{total_size_mb}}
    }{% if status == "failed" %},
    "error": "{{error_message}}"{% endif %}
  }
}`;
