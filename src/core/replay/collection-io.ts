import { z } from 'zod';
import {
  Collection,
  CollectionItem,
  COLLECTION_FORMAT,
  COLLECTION_VERSION,
  type Run,
} from '../../shared/replay';
import type { FullItemRow } from './run-store';
import { toDetail } from './run-store';
import type { ItemSeed } from './sources';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const bodyOut = (buf: Buffer): { text: string } | { base64: string } => {
  try {
    return { text: strictUtf8.decode(buf) };
  } catch {
    return { base64: buf.toString('base64') };
  }
};

/** Header values that carry credentials are never written to a collection file. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key)$/i;

const exportHeaders = (headers: [string, string][]): [string, string][] =>
  headers.filter(([k, v]) => !SECRET_HEADER.test(k) && !v.endsWith('(hidden)'));

const pathOfUrl = (url: string): string => {
  if (url.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return '/';
  }
};

/** A collection file (hookbench.collection v1) from snapshotted items. */
export function toCollection(name: string, seeds: ItemSeed[], exportedAt: Date): Collection {
  return {
    format: COLLECTION_FORMAT,
    version: COLLECTION_VERSION,
    name,
    exportedAt: exportedAt.toISOString(),
    items: seeds.map((s) => ({
      name: s.kind === 'collection' ? s.ref : `${s.kind} ${s.ref}`,
      method: s.method,
      url: s.url,
      ...(s.path !== pathOfUrl(s.url) ? { path: s.path } : {}),
      headers: exportHeaders(s.headers),
      body: bodyOut(s.body),
      signature:
        s.sigScheme && /^[a-z-]+$/.test(s.sigScheme) ? ({ scheme: s.sigScheme } as { scheme: never }) : null,
      deliveryId: s.deliveryId,
      topic: s.topic,
      baseline: s.baseline
        ? {
            status: s.baseline.status,
            headers: exportHeaders(s.baseline.headers),
            body: bodyOut(s.baseline.body),
          }
        : null,
    })),
  };
}

export interface ParsedImport {
  collection: Collection | null;
  rejected: { index: number; reason: string }[];
}

const describe = (e: z.ZodError): string =>
  e.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/**
 * Validates a collection file item by item. The envelope (format, version, items array) must be
 * right; each item is checked on its own, so every rejected one is listed with its reason.
 */
export function parseCollection(text: string): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      collection: null,
      rejected: [{ index: -1, reason: `The file is not JSON: ${(err as Error).message}.` }],
    };
  }
  const envelope = z
    .object({
      format: z.literal(COLLECTION_FORMAT, {
        error: `Not a Hookbench collection: "format" must be "${COLLECTION_FORMAT}".`,
      }),
      version: z.literal(COLLECTION_VERSION, {
        error: `Unsupported collection version: this Hookbench reads version ${COLLECTION_VERSION}.`,
      }),
      items: z.array(z.unknown(), { error: '"items" must be an array.' }),
    })
    .loose()
    .safeParse(raw);
  if (!envelope.success)
    return { collection: null, rejected: [{ index: -1, reason: describe(envelope.error) }] };
  const rejected: ParsedImport['rejected'] = [];
  const items: CollectionItem[] = [];
  envelope.data.items.forEach((it, index) => {
    const r = CollectionItem.safeParse(it);
    if (r.success) items.push(r.data);
    else rejected.push({ index, reason: describe(r.error) });
  });
  const rest = Collection.safeParse({ ...(raw as object), items: [] });
  if (!rest.success)
    return { collection: null, rejected: [{ index: -1, reason: describe(rest.error) }, ...rejected] };
  return { collection: { ...rest.data, items }, rejected };
}

/** The JSON Schema of the collection file format (docs/collection.schema.json). */
export const collectionJsonSchema = (): unknown => {
  const schema = z.toJSONSchema(Collection, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: 'urn:hookbench:collection:v1' };
};

const xml = (s: string): string =>
  s
    .replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
    .replace(/[^\t\n\r\u0020-\uffff]/g, '');

/** JUnit XML: one test case per item; a non-2xx or missing answer fails, a changed answer fails when `failOnChanged`. */
export function toJunit(run: Run, rows: FullItemRow[], failOnChanged: boolean): string {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let time = 0;
  const cases = rows.map((r) => {
    const d = toDetail(r);
    const name = xml(`${d.index + 1}. ${d.method} ${d.url}${d.ref ? ` (${d.ref})` : ''}`);
    const secs = (d.durationMs ?? 0) / 1000;
    time += secs;
    let inner = '';
    if (d.state === 'not_sent' || d.state === 'pending' || d.state === 'sending') {
      skipped++;
      inner = `<skipped message="${xml(d.error ?? 'not sent')}"/>`;
    } else if (d.state === 'error') {
      errors++;
      inner = `<error message="${xml(d.error ?? 'no answer')}" type="no_answer"/>`;
    } else {
      const problems: string[] = [];
      if (d.status === null || d.status < 200 || d.status > 299)
        problems.push(`answered ${d.status}, not 2xx`);
      if (failOnChanged && d.verdict === 'changed' && d.comparison) {
        const c = d.comparison;
        if (!c.status.same) problems.push(`status ${c.status.before} -> ${c.status.after}`);
        for (const h of c.headers)
          problems.push(`header ${h.name}: ${h.before ?? '(none)'} -> ${h.after ?? '(none)'}`);
        if (c.body.kind === 'json')
          for (const ch of c.body.changes.slice(0, 20))
            problems.push(
              `${ch.path} ${ch.kind}: ${JSON.stringify(ch.before)} -> ${JSON.stringify(ch.after)}`,
            );
        else if (!c.body.same) problems.push('body changed');
      }
      if (problems.length) {
        failures++;
        inner = `<failure message="${xml(problems[0])}" type="${d.verdict === 'changed' ? 'changed' : 'status'}">${xml(problems.join('\n'))}</failure>`;
      }
    }
    return `    <testcase classname="${xml(`hookbench.${run.name}`)}" name="${name}" time="${secs.toFixed(3)}">${inner}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hookbench replay" tests="${rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}">`,
    `  <testsuite name="${xml(run.name)}" tests="${rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${new Date(run.createdAt).toISOString()}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
