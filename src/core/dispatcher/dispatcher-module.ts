import type { Delivery } from '../../shared/dispatcher-deliveries';
import { HookbenchError } from '../../shared/errors';
import path from 'node:path';
import type { CoreContext, CoreModule } from '../context';
import { createBatcher } from '../events';
import { secretVaultOf } from '../secrets/secret-vault';
import { cancelMany, deleteMany, exportDeliveries, resolveTargets, targetChunks } from './bulk';
import { DeliveryQueries } from './delivery-queries';
import { EndpointService } from './endpoint-service';
import { EndpointStore } from './endpoint-store';
import { DeliveryEngine } from './engine';
import { HttpSender } from './http-sender';
import { InboxLinker } from './inbox-link';
import type { LatencySamples } from './latency-samples';
import { DispatchWriter, type WriterStats } from './dispatch-writer';
import { SendService } from './send-service';
import { DeliveryRetention } from './retention';
import { SearchIndexer } from './search-index';

/** How often delivery retention looks for deliveries past the limits. */
const RETENTION_INTERVAL_MS = 60_000;

/** The dispatcher: endpoints, sending (fan-out, test events, ping, preview) and the delivery engine. */
export function createDispatcherModule(ctx: CoreContext, modules: Readonly<Record<string, CoreModule>>): CoreModule {
  const { db, clock } = ctx;
  const vault = secretVaultOf(ctx);
  const store = new EndpointStore(db, vault);
  const sender = new HttpSender();
  const writer = new DispatchWriter(path.join(ctx.dataDir, 'hookbench.db'), ctx.options.nativeBinding);
  const queries = new DeliveryQueries(db);

  const updates = createBatcher<Delivery>(150, (items) => {
    const latest = new Map<string, Delivery>();
    for (const d of items) latest.set(d.id, d);
    ctx.events.emit('deliveries.updated', { items: [...latest.values()] });
  });

  let engine: DeliveryEngine | null = null;
  const getEngine = (): DeliveryEngine => {
    if (!engine) throw new HookbenchError('unavailable', 'The dispatcher is not running yet.');
    return engine;
  };
  const endpoints = new EndpointService(store, clock, getEngine, (id, change, endpoint) =>
    ctx.events.emit('endpoints.changed', { id, change, endpoint }),
  );
  engine = new DeliveryEngine(db, writer, clock, ctx.logger, sender, ctx.version, {
    endpoint: (id) => endpoints.get(id),
    endpoints: () => endpoints.all(),
    compression: () => ctx.settings.get().dispatchTimeCompression,
    disableAfter: () => ctx.settings.get().dispatchDisableAfterFailures,
    onDeliveries: (items) => {
      for (const d of items) updates.push(d);
    },
    onDisabled: (ep, reason, message) => {
      ctx.logger.warn('endpoint disabled', { endpoint: ep.id, reason });
      ctx.events.emit('endpoints.disabled', { id: ep.id, name: ep.fields.name, reason, message });
      ctx.events.emit('endpoints.changed', { id: ep.id, change: 'disabled', endpoint: endpoints.toApi(ep) });
    },
  });
  const sending = new SendService(db, clock, endpoints, getEngine, ctx.version, (ids) => ids.forEach((id) => changedDelivery(id)));

  // The receiver is created after the dispatcher; its methods are looked up when a link is asked for.
  const linker = new InboxLinker(() => {
    const h = modules.receiver?.handlers;
    return h?.['receiver.status'] && h['inboxes.list'] && h['inboxes.update']
      ? { 'receiver.status': h['receiver.status'], 'inboxes.list': h['inboxes.list'], 'inboxes.update': h['inboxes.update'] }
      : null;
  });
  const signingOf = (id: string) => {
    const ep = endpoints.require(id);
    return { scheme: ep.scheme, custom: ep.custom, secret: ep.secret };
  };

  const changedDelivery = (id: string): Delivery => {
    const d = queries.one(id);
    updates.push(d);
    return d;
  };

  const retention = new DeliveryRetention(
    db,
    (stmts) => getEngine().exec(stmts),
    () => {
      const st = ctx.settings.get();
      return { keepCount: st.deliveriesKeepCount, keepDays: st.deliveriesKeepDays };
    },
    () => clock.now(),
    ctx.logger,
    (count) => ctx.events.emit('deliveries.deleted', { ids: null, count }),
  );
  const searchIndex = new SearchIndexer(db, (stmts) => getEngine().exec(stmts), ctx.logger);
  let retentionTimer: ReturnType<typeof setInterval> | null = null;
  const offSettings = ctx.settings.onChange((next, prev) => {
    const tighter =
      next.deliveriesKeepCount !== prev.deliveriesKeepCount || next.deliveriesKeepDays !== prev.deliveriesKeepDays;
    if (tighter) void retention.trim();
  });

  const mod: CoreModule & {
    writerStats: () => Promise<WriterStats>;
    storedLatency: () => ReturnType<LatencySamples['take']>;
    retention: DeliveryRetention;
    searchIndex: SearchIndexer;
  } = {
    /** For the benchmark: the writer's phase timings. */
    writerStats: () => writer.stats(),
    /** For the benchmark: attempt-to-stored latency (ms) since the last call. */
    storedLatency: () => engine!.storedLatency.take(),
    /** For tests: run a retention pass now. */
    retention,
    /** For the benchmark and tests: index what is not indexed yet, now. */
    searchIndex,
    handlers: {
      'endpoints.create': async ({ verifyAtInbox, ...input }) => {
        const inbox = verifyAtInbox ? await linker.resolve(input.url) : null;
        const created = endpoints.create(input);
        return inbox ? { ...created, inbox: await linker.link(inbox, signingOf(created.id), null) } : created;
      },
      'endpoints.list': () => ({ items: [...endpoints.all()].map((ep) => endpoints.toApi(ep)) }),
      'endpoints.get': ({ id }) => endpoints.toApi(endpoints.require(id)),
      'endpoints.update': async ({ verifyAtInbox, ...input }) => {
        const before = signingOf(input.id);
        const inbox = verifyAtInbox ? await linker.resolve(input.url ?? endpoints.require(input.id).fields.url) : null;
        const updated = endpoints.update(input);
        return inbox ? { ...updated, inbox: await linker.link(inbox, signingOf(updated.id), before) } : updated;
      },
      'endpoints.delete': ({ id }) => endpoints.delete(id),
      'endpoints.pause': ({ id }) => endpoints.pause(id),
      'endpoints.resume': ({ id }) => endpoints.resume(id),
      'endpoints.reactivate': ({ id }) => endpoints.reactivate(id),
      'endpoints.rotateSecret': async ({ id, overlapSeconds }) => {
        const before = signingOf(id);
        const rotated = endpoints.rotateSecret(id, overlapSeconds);
        // A local inbox that verified the old secret follows: the new one first, the old kept as
        // an older secret (it still signs during the overlap, and signed what is captured).
        const inbox = await linker.resolve(endpoints.require(id).fields.url).catch(() => null);
        if (!inbox?.verify || inbox.verify.scheme !== before.scheme || !inbox.verify.secrets.includes(before.secret)) return rotated;
        return { ...rotated, inbox: await linker.link(inbox, signingOf(id), null) };
      },
      'endpoints.ping': ({ id }) => sending.ping(id),
      'events.send': (input) => sending.send(input),
      'events.preview': (input) => sending.preview(input),
      'deliveries.list': (input) => queries.list(input),
      'deliveries.get': ({ id }) => queries.detail(id),
      'deliveries.find': ({ id }) => ({ delivery: queries.find(id) }),
      'deliveries.retry': async ({ id, newId, newEventId }) => {
        if (newId) {
          const sent = await sending.redeliver(id, newEventId);
          return changedDelivery(sent.deliveryIds[0]);
        }
        const d = queries.one(id);
        const ep = endpoints.require(d.endpointId);
        if (d.status === 'failed' && d.attempts === 0) {
          throw new HookbenchError(
            'conflict',
            `This delivery was never sent, so there is nothing to resend (${d.lastError ?? 'its body could not be built'}). Fix the endpoint, then send the event again.`,
          );
        }
        if (ep.state === 'disabled') {
          throw new HookbenchError(
            'conflict',
            `Endpoint "${ep.fields.name}" is disabled. Reactivate it, then resend.`,
          );
        }
        // Its last attempt may be committed (the list shows it Failed) while the engine has not
        // applied that commit yet: wait for the cycle in flight before calling it busy.
        if (getEngine().isClaimed(id)) await getEngine().settled();
        if (getEngine().isClaimed(id)) {
          throw new HookbenchError(
            'conflict',
            'This delivery is being sent right now. Wait for the attempt to finish, then resend.',
          );
        }
        const now = clock.now();
        await getEngine().exec([
          [
            `UPDATE dispatch_deliveries SET status = CASE WHEN attempts > 0 THEN 'retrying' ELSE 'pending' END,
               max_attempts = CASE WHEN status IN ('pending', 'retrying') THEN max_attempts ELSE attempts + 1 END,
               next_attempt_at = ?, manual_next = 1, updated_at = ? WHERE id = ? AND lease_until IS NULL`,
            [now, now, id],
          ],
        ]);
        getEngine().poke(d.endpointId);
        return changedDelivery(id);
      },
      'deliveries.cancel': async ({ id }) => {
        const d = queries.one(id);
        if (d.status !== 'pending' && d.status !== 'retrying') {
          throw new HookbenchError(
            'conflict',
            `This delivery is already ${d.status}; only pending or retrying deliveries can be cancelled.`,
          );
        }
        getEngine().unqueue(d.endpointId, id);
        await getEngine().exec([
          [
            `UPDATE dispatch_deliveries SET status = 'cancelled', next_attempt_at = NULL, lease_until = NULL, updated_at = ?
             WHERE id = ? AND status IN ('pending', 'retrying')`,
            [clock.now(), id],
          ],
        ]);
        return changedDelivery(id);
      },
      'deliveries.cancelMany': async (sel) => {
        const r = await cancelMany(
          targetChunks(db, sel),
          (stmts) => getEngine().exec(stmts),
          (ep, id) => getEngine().unqueue(ep, id),
          () => clock.now(),
        );
        // Rows for the live log; past a few thousand the log refetches anyway.
        for (const id of r.ids) changedDelivery(id);
        return { cancelled: r.cancelled, skipped: r.skipped };
      },
      'deliveries.deleteMany': async (sel) => {
        const r = await deleteMany(
          targetChunks(db, sel),
          (stmts) => getEngine().exec(stmts),
          (id) => getEngine().isClaimed(id),
        );
        if (r.deleted > 0)
          ctx.events.emit('deliveries.deleted', { ids: r.deleted <= 1000 ? r.ids : null, count: r.deleted });
        return { deleted: r.deleted, skipped: r.skipped };
      },
      'deliveries.export': (input) => {
        const targets = resolveTargets(db, input, 'newest');
        if (input.ids && targets.length < new Set(input.ids).size) {
          const known = new Set(targets.map((t) => t.id));
          throw new HookbenchError(
            'not_found',
            `No delivery "${input.ids.find((id) => !known.has(id))}": it may have been deleted. Refresh the log and select again.`,
          );
        }
        return exportDeliveries(db, queries, targets, clock.now());
      },
    },
    start: async () => {
      await getEngine().start();
      searchIndex.start();
      void retention.trim();
      retentionTimer = setInterval(() => void retention.trim(), RETENTION_INTERVAL_MS);
      retentionTimer.unref?.();
    },
    async close() {
      offSettings();
      if (retentionTimer) clearInterval(retentionTimer);
      await retention.stop();
      await searchIndex.stop();
      await getEngine().close();
      updates.close();
      await sender.close();
      await writer.close();
    },
  };
  return mod;
}
