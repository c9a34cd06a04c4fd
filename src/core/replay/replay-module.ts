import fs from 'node:fs';
import path from 'node:path';
import type { MethodParsedInput } from '../../shared/contract';
import { HookbenchError, notFound } from '../../shared/errors';
import {
  badIgnorePaths,
  compareAnswers,
  type CompareSettings,
  type Comparison,
} from '../../shared/replay-compare';
import { Collection, type Run, type RunItemDetail } from '../../shared/replay';
import type { CoreContext, CoreModule } from '../context';
import { sortableId } from '../dispatcher/completion';
import type { EndpointRecord } from '../dispatcher/endpoint-store';
import { EndpointStore } from '../dispatcher/endpoint-store';
import { HttpSender } from '../dispatcher/http-sender';
import type { ReceiverStatus } from '../../shared/receiver';
import { createSecretVault } from '../secrets/secret-vault';
import type { SigningPlan } from './build';
import { parseCollection, toCollection, toJunit } from './collection-io';
import { answerText, RunExecutor } from './executor';
import { RunStore, toDetail, type RunRow, type StoredOptions } from './run-store';
import { collect, runSeeds, type ItemSeed } from './sources';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const PROGRESS_MS = 250;

/** Replay runs and collections: bulk replays of deliveries and captured requests, compared with their baselines. */
export function createReplayModule(
  ctx: CoreContext,
  modules: Readonly<Record<string, CoreModule>>,
): CoreModule {
  const { db, clock } = ctx;
  const vault = createSecretVault(ctx);
  const endpointStore = new EndpointStore(db, vault);
  const store = new RunStore(db);
  const sender = new HttpSender();
  const executors = new Map<string, RunExecutor>();
  const progressTimers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const receiverBase = (): string | null => {
    const status = modules.receiver?.handlers['receiver.status']?.({}) as ReceiverStatus | undefined;
    return status?.http ? `http://127.0.0.1:${status.http.port}` : null;
  };

  const runOf = (row: RunRow): Run => store.toRun(row, executors.get(row.id)?.rate() ?? 0);
  const getRun = (id: string): Run => runOf(store.row(id));

  const emitProgress = (id: string) => {
    if (closed) return;
    const run = getRun(id);
    ctx.events.emit('runs.progress', { id, status: run.status, counts: run.counts, rate: run.rate });
  };
  const deps = {
    db,
    store,
    sender,
    clock,
    logger: ctx.logger,
    version: ctx.version,
    endpoints: () => new Map<string, EndpointRecord>(endpointStore.loadAll().map((e) => [e.id, e])),
    receiverBase,
    onProgress: (id: string) => {
      if (progressTimers.has(id)) return;
      progressTimers.set(
        id,
        setTimeout(() => {
          progressTimers.delete(id);
          emitProgress(id);
        }, PROGRESS_MS),
      );
    },
    onFinished: (id: string) => {
      const t = progressTimers.get(id);
      if (t) clearTimeout(t);
      progressTimers.delete(id);
      if (!closed) {
        emitProgress(id);
        ctx.events.emit('runs.changed', { id, change: 'finished', run: getRun(id) });
      }
      executors.delete(id);
    },
  };

  const signingPlan = (row: RunRow): SigningPlan => {
    const o = JSON.parse(row.options) as StoredOptions;
    const s = o.signing;
    if (s.mode === 'secret')
      return {
        mode: 'secret',
        scheme: s.scheme as never,
        secret: row.secret_sealed ? vault.open(row.secret_sealed) : '',
        custom: s.custom as never,
      };
    if (s.mode === 'endpoint') return { mode: 'endpoint', endpointId: s.endpointId ?? null };
    return { mode: s.mode };
  };

  const startExecutor = (row: RunRow): RunExecutor => {
    const ex = new RunExecutor(
      row.id,
      JSON.parse(row.options) as StoredOptions,
      signingPlan(row),
      JSON.parse(row.target),
      deps,
    );
    executors.set(row.id, ex);
    ex.start();
    return ex;
  };

  const loadCollection = (id: string): { name: string; collection: Collection } => {
    const r = db.prepare('SELECT name, content FROM replay_collections WHERE id = ?').get(id) as
      { name: string; content: string } | undefined;
    if (!r) throw notFound('Collection', id);
    return { name: r.name, collection: JSON.parse(r.content) as Collection };
  };

  const changed = (id: string, change: 'created' | 'updated') => {
    const run = getRun(id);
    ctx.events.emit('runs.changed', { id, change, run });
    return run;
  };

  function create(input: MethodParsedInput<'runs.create'>): Run {
    const o = input.options;
    const bad = badIgnorePaths(o.compare.ignorePaths);
    if (bad.length)
      throw new HookbenchError(
        'invalid_input',
        `These ignore paths cannot be read: ${bad.join(', ')}. Write them like $.data.id, $.items[*].id or $..id.`,
        [{ path: ['options', 'compare', 'ignorePaths'], message: 'Not a JSON path.' }],
      );
    if (o.signing.mode === 'keep' && !o.keepId)
      throw new HookbenchError(
        'invalid_input',
        'Keeping the captured signature also keeps the delivery id it signs: turn on "keep id", or re-sign.',
        [{ path: ['options', 'keepId'], message: 'Needed with signing "keep".' }],
      );
    const signer = o.signing.mode === 'endpoint' ? o.signing.endpointId : undefined;
    if (signer && !endpointStore.loadAll().some((e) => e.id === signer)) throw notFound('Endpoint', signer);
    if (input.target.type === 'inbox') {
      const list = modules.receiver?.handlers['inboxes.list']?.({}) as
        { items: { slug: string }[] } | undefined;
      if (list && !list.items.some((i) => i.slug === (input.target as { slug: string }).slug))
        throw notFound('Inbox', input.target.slug);
    }
    const { seeds, label, ref } = collect(db, input.source, loadCollection);
    if (!seeds.length)
      throw new HookbenchError(
        'invalid_input',
        `Nothing to replay: the source has no items (${label}). Change the filter or the selection.`,
      );
    if (o.signing.mode === 'endpoint' && !o.signing.endpointId && seeds.some((s) => !s.endpointId))
      throw new HookbenchError(
        'invalid_input',
        'Captured and imported requests have no endpoint to re-sign them: choose the endpoint whose secret signs them, give a scheme and secret, keep the captured signature, or send them unsigned.',
        [{ path: ['options', 'signing'], message: 'Choose how to sign.' }],
      );
    const id = sortableId('run');
    const now = clock.now();
    const { signing, ...rest } = o;
    const storedSigning: StoredOptions['signing'] =
      signing.mode === 'secret'
        ? { mode: 'secret', scheme: signing.scheme, custom: signing.custom }
        : signing.mode === 'endpoint'
          ? { mode: 'endpoint', endpointId: signing.endpointId }
          : { mode: signing.mode };
    const row: RunRow = {
      id,
      name: input.name || `Replay of ${label}`,
      source_type: input.source.type,
      source_ref: ref,
      source_label: label,
      target: JSON.stringify(input.target),
      options: JSON.stringify({ ...rest, signing: storedSigning }),
      secret_sealed: signing.mode === 'secret' ? vault.seal(signing.secret) : null,
      status: input.paused ? 'paused' : 'running',
      note: null,
      total: seeds.length,
      created_at: now,
      finished_at: null,
    };
    store.insertRun(row, seeds);
    if (!input.paused) startExecutor(row);
    return changed(id, 'created');
  }

  const compareRuns = (input: MethodParsedInput<'runs.compare'>) => {
    const a = store.row(input.id);
    const aRows = store.allFull(a.id);
    const settings: CompareSettings = input.compare ?? (JSON.parse(a.options) as StoredOptions).compare;
    const answerOf = (r: (typeof aRows)[number]) =>
      r.res_status === null
        ? null
        : {
            status: r.res_status,
            headers: JSON.parse(r.res_headers ?? '[]') as [string, string][],
            body: answerText(r.res_body ?? Buffer.alloc(0)),
          };
    const items: {
      ref: string;
      indexA: number | null;
      indexB: number | null;
      verdict: 'same' | 'changed' | 'missing';
      comparison: Comparison | null;
    }[] = [];
    if (input.against) {
      const b = store.row(input.against);
      const bByRef = new Map(store.allFull(b.id).map((r) => [`${r.kind}:${r.ref}`, r]));
      for (const ra of aRows) {
        const key = `${ra.kind}:${ra.ref}`;
        const rb = bByRef.get(key);
        bByRef.delete(key);
        const x = answerOf(ra);
        const y = rb ? answerOf(rb) : null;
        if (!x || !y)
          items.push({
            ref: ra.ref,
            indexA: ra.idx,
            indexB: rb?.idx ?? null,
            verdict: 'missing',
            comparison: null,
          });
        else {
          const c = compareAnswers(x, y, settings);
          items.push({ ref: ra.ref, indexA: ra.idx, indexB: rb!.idx, verdict: c.verdict, comparison: c });
        }
      }
      for (const rb of bByRef.values())
        items.push({ ref: rb.ref, indexA: null, indexB: rb.idx, verdict: 'missing', comparison: null });
    } else {
      for (const ra of aRows) {
        const x = answerOf(ra);
        if (!x || ra.base_status === null) {
          items.push({ ref: ra.ref, indexA: ra.idx, indexB: null, verdict: 'missing', comparison: null });
          continue;
        }
        const c = compareAnswers(
          {
            status: ra.base_status,
            headers: JSON.parse(ra.base_headers ?? '[]') as [string, string][],
            body: answerText(ra.base_body ?? Buffer.alloc(0)),
          },
          x,
          settings,
        );
        items.push({ ref: ra.ref, indexA: ra.idx, indexB: null, verdict: c.verdict, comparison: c });
      }
    }
    const counts = { same: 0, changed: 0, missing: 0 };
    for (const it of items) counts[it.verdict]++;
    return { a: a.id, b: input.against ?? null, counts, items: items.slice(0, input.limit) };
  };

  const fileStamp = () => new Date(clock.now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const safeName = (s: string) =>
    s
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'run';

  function importCollection(input: MethodParsedInput<'collections.import'>) {
    let text = input.content;
    let fallbackName = 'Imported collection';
    if (input.path !== undefined) {
      const file = path.resolve(input.path);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        throw new HookbenchError('not_found', `There is no file at ${file}. Check the path.`);
      }
      if (!stat.isFile()) throw new HookbenchError('invalid_input', `${file} is not a file.`);
      if (stat.size > MAX_IMPORT_BYTES)
        throw new HookbenchError('payload_too_large', `${file} is larger than 64 MiB; split the collection.`);
      text = fs.readFileSync(file, 'utf8');
      fallbackName = path.basename(file).replace(/\.hookbench\.json$|\.json$/i, '');
    }
    const parsed = parseCollection(text ?? '');
    if (!parsed.collection || (parsed.rejected.length && !input.skipInvalid)) {
      return { collection: null, imported: 0, rejected: parsed.rejected };
    }
    const c = parsed.collection;
    if (!c.items.length)
      throw new HookbenchError('invalid_input', 'The collection has no valid items; nothing was imported.');
    const id = sortableId('col');
    const name = input.name || (c.name !== 'Collection' ? c.name : fallbackName);
    const now = clock.now();
    db.prepare(
      'INSERT INTO replay_collections (id, name, items, content, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, name, c.items.length, JSON.stringify(c), now);
    return {
      collection: { id, name, items: c.items.length, createdAt: now },
      imported: c.items.length,
      rejected: parsed.rejected,
    };
  }

  return {
    handlers: {
      'runs.create': (input) => create(input),
      'runs.list': ({ limit }) => ({ items: store.rows(limit).map(runOf) }),
      'runs.get': ({ id, filter, offset, limit, item }) => {
        const run = getRun(id);
        const page = store.page(id, filter, offset, limit);
        let detail: RunItemDetail | null = null;
        if (item !== undefined) {
          const r = store.full(id, item);
          if (!r)
            throw new HookbenchError(
              'not_found',
              `Run ${id} has no item ${item}; it has ${run.counts.total}.`,
            );
          detail = toDetail(r);
        }
        return { run, items: page.items, matching: page.matching, item: detail };
      },
      'runs.pause': ({ id }) => {
        const row = store.row(id);
        if (row.status !== 'running')
          throw new HookbenchError(
            'conflict',
            `This run is ${row.status}; only a running run can be paused.`,
          );
        executors.get(id)?.pause();
        store.setStatus(id, 'paused', null);
        return changed(id, 'updated');
      },
      'runs.resume': ({ id }) => {
        const row = store.row(id);
        if (row.status !== 'paused')
          throw new HookbenchError(
            'conflict',
            `This run is ${row.status}; only a paused run can be resumed.`,
          );
        store.setStatus(id, 'running', null);
        const ex = executors.get(id);
        if (ex) ex.resume();
        else startExecutor({ ...row, status: 'running' });
        return changed(id, 'updated');
      },
      'runs.cancel': ({ id }) => {
        const row = store.row(id);
        if (row.status !== 'running' && row.status !== 'paused')
          throw new HookbenchError('conflict', `This run is already ${row.status}.`);
        const reason = 'Not sent: the run was cancelled.';
        const ex = executors.get(id);
        if (ex && ex.status !== 'finished') ex.stop('cancelled', reason);
        else {
          store.abandon(id, reason);
          store.setStatus(id, 'cancelled', clock.now());
        }
        if (store.row(id).status !== 'cancelled') store.setStatus(id, 'cancelled', null);
        return changed(id, 'updated');
      },
      'runs.delete': ({ id }) => {
        const row = store.row(id);
        if (row.status === 'running' || executors.has(id))
          throw new HookbenchError('conflict', 'This run is still running. Cancel it first, then delete it.');
        store.delete(id);
        ctx.events.emit('runs.changed', { id, change: 'deleted', run: null });
        return { id, deleted: true as const };
      },
      'runs.compare': (input) => compareRuns(input),
      'runs.export': ({ id, format, failOnChanged }) => {
        const run = getRun(id);
        const rows = store.allFull(id);
        const base = `hookbench-${safeName(run.name)}-${fileStamp()}`;
        if (format === 'junit')
          return {
            filename: `${base}.xml`,
            mimeType: 'application/xml',
            content: toJunit(run, rows, failOnChanged),
            count: rows.length,
          };
        if (format === 'collection') {
          // The run's own answers become the baselines of the next replay.
          const seeds: ItemSeed[] = runSeeds(db, id).map((s, i) => {
            const r = rows[i];
            return r.res_status === null
              ? s
              : {
                  ...s,
                  baseline: {
                    status: r.res_status,
                    headers: JSON.parse(r.res_headers ?? '[]') as [string, string][],
                    body: r.res_body ?? Buffer.alloc(0),
                  },
                };
          });
          const content = JSON.stringify(toCollection(run.name, seeds, new Date(clock.now())), null, 2);
          return {
            filename: `${base}.hookbench.json`,
            mimeType: 'application/json',
            content,
            count: seeds.length,
          };
        }
        const content = JSON.stringify(
          { format: 'hookbench.run-results', version: 1, run, items: rows.map(toDetail) },
          null,
          2,
        );
        return { filename: `${base}.json`, mimeType: 'application/json', content, count: rows.length };
      },
      'collections.export': ({ source, name }) => {
        const { seeds, label } = collect(db, source, loadCollection);
        const title = name || label;
        const content = JSON.stringify(toCollection(title, seeds, new Date(clock.now())), null, 2);
        return {
          filename: `hookbench-${safeName(title)}-${fileStamp()}.hookbench.json`,
          mimeType: 'application/json',
          content,
          count: seeds.length,
        };
      },
      'collections.import': (input) => importCollection(input),
      'collections.list': () => ({
        items: (
          db
            .prepare('SELECT id, name, items, created_at FROM replay_collections ORDER BY created_at DESC')
            .all() as {
            id: string;
            name: string;
            items: number;
            created_at: number;
          }[]
        ).map((r) => ({ id: r.id, name: r.name, items: r.items, createdAt: r.created_at })),
      }),
    },
    start() {
      // Items that were on their way out when Hookbench stopped: reported, never sent a second time.
      db.prepare(
        "UPDATE replay_items SET state = 'not_sent', error = 'Not sent again: Hookbench stopped while this item was being sent, so it may or may not have arrived.' WHERE state = 'sending'",
      ).run();
      for (const row of store.runsWithStatus('running')) startExecutor(row);
    },
    async close() {
      closed = true;
      for (const t of progressTimers.values()) clearTimeout(t);
      progressTimers.clear();
      await Promise.all([...executors.values()].map((ex) => ex.close()));
      executors.clear();
      await sender.close();
    },
  };
}
