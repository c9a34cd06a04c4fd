import type { ReceiverStatus } from '../../shared/receiver';
import type { Run } from '../../shared/replay';
import type { CoreContext, CoreModule } from '../context';
import type { EndpointRecord, EndpointStore } from '../dispatcher/endpoint-store';
import { HttpSender } from '../dispatcher/http-sender';
import type { SecretVault } from '../secrets/secret-vault';
import type { SigningPlan } from './build';
import { RunExecutor } from './executor';
import type { RunRow, RunStore, StoredOptions } from './run-store';

const PROGRESS_MS = 250;

/** The executors of the runs being sent, and the progress and finish events they emit. */
export interface RunExecutors {
  /** A run as the API shows it (with the current send rate of its executor). */
  runOf(row: RunRow): Run;
  getRun(id: string): Run;
  /** Starts sending a run's items. */
  start(row: RunRow): RunExecutor;
  get(id: string): RunExecutor | undefined;
  has(id: string): boolean;
  /** Stops every executor and the HTTP sender; no event is emitted after this. */
  close(): Promise<void>;
}

export function createRunExecutors(
  ctx: CoreContext,
  modules: Readonly<Record<string, CoreModule>>,
  store: RunStore,
  endpointStore: EndpointStore,
  vault: SecretVault,
): RunExecutors {
  const { db, clock } = ctx;
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

  return {
    runOf,
    getRun,
    start: startExecutor,
    get: (id) => executors.get(id),
    has: (id) => executors.has(id),
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
