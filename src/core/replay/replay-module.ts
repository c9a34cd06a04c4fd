import { HookbenchError, notFound } from '../../shared/errors';
import { badIgnorePaths } from '../../shared/replay-compare';
import type { MethodParsedInput } from '../../shared/contract';
import type { Run, RunItemDetail } from '../../shared/replay';
import type { CoreContext, CoreModule } from '../context';
import { sortableId } from '../dispatcher/completion';
import { EndpointStore } from '../dispatcher/endpoint-store';
import { createSecretVault } from '../secrets/secret-vault';
import { toCollection, toJunit } from './collection-io';
import { collectionHandlers, fileStamp, loadCollection, safeName } from './collections';
import { compareRuns } from './run-compare';
import { createRunExecutors } from './run-executors';
import { RunStore, toDetail, type RunRow, type StoredOptions } from './run-store';
import { collect, runSeeds, type ItemSeed } from './sources';

/**
 * Replay runs and collections: bulk replays of deliveries and captured requests, compared with
 * their baselines. The handlers of runs live here; the executors sending them in
 * `run-executors.ts`, the comparison of runs in `run-compare.ts`, collections in `collections.ts`.
 */
export function createReplayModule(
  ctx: CoreContext,
  modules: Readonly<Record<string, CoreModule>>,
): CoreModule {
  const { db, clock } = ctx;
  const vault = createSecretVault(ctx);
  const endpointStore = new EndpointStore(db, vault);
  const store = new RunStore(db);
  const runs = createRunExecutors(ctx, modules, store, endpointStore, vault);
  const { runOf, getRun } = runs;

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
    const { seeds, label, ref } = collect(db, input.source, (id) => loadCollection(db, id));
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
    if (!input.paused) runs.start(row);
    return changed(id, 'created');
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
        runs.get(id)?.pause();
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
        const ex = runs.get(id);
        if (ex) ex.resume();
        else runs.start({ ...row, status: 'running' });
        return changed(id, 'updated');
      },
      'runs.cancel': ({ id }) => {
        const row = store.row(id);
        if (row.status !== 'running' && row.status !== 'paused')
          throw new HookbenchError('conflict', `This run is already ${row.status}.`);
        const reason = 'Not sent: the run was cancelled.';
        const ex = runs.get(id);
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
        if (row.status === 'running' || runs.has(id))
          throw new HookbenchError('conflict', 'This run is still running. Cancel it first, then delete it.');
        store.delete(id);
        ctx.events.emit('runs.changed', { id, change: 'deleted', run: null });
        return { id, deleted: true as const };
      },
      'runs.compare': (input) => compareRuns(store, input),
      'runs.export': ({ id, format, failOnChanged }) => {
        const run = getRun(id);
        const rows = store.allFull(id);
        const base = `hookbench-${safeName(run.name)}-${fileStamp(clock)}`;
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
      ...collectionHandlers(db, clock),
    },
    start() {
      // Items that were on their way out when Hookbench stopped: reported, never sent a second time.
      db.prepare(
        "UPDATE replay_items SET state = 'not_sent', error = 'Not sent again: Hookbench stopped while this item was being sent, so it may or may not have arrived.' WHERE state = 'sending'",
      ).run();
      for (const row of store.runsWithStatus('running')) runs.start(row);
    },
    close: () => runs.close(),
  };
}
