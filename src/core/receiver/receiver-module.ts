import crypto from 'node:crypto';
import path from 'node:path';
import type { RejectedRequest, RequestItem } from '../../shared/receiver-requests';
import { HookbenchError } from '../../shared/errors';
import { secretVaultOf } from '../secrets/secret-vault';
import type { CoreContext, CoreModule } from '../context';
import { createBatcher } from '../events';
import { rawHeader, toItem, type Captured } from './capture';
import { CaptureWriter } from './capture-writer';
import { AutoForwarder, forwardOnce, type ForwardJob } from './forwarder';
import { exportName, toHar } from './har';
import { InboxStore, type LiveInbox } from './inbox-store';
import { ReceiverServer } from './receiver-server';
import { createReceiverStreams, type ReceiverStreams } from './receiver-streams';
import { createRequestHandler } from './request-handler';
import { RequestStore, whereFor } from './request-store';
import { Retention } from './retention';

const RETENTION_INTERVAL_MS = 60_000;
/** Refused requests kept for the rejected list. */
const MAX_REJECTED = 500;
/** Stored body bytes one export may carry (the file is base64/JSON-escaped on top of this). */
const MAX_EXPORT_BODY_BYTES = 64 * 1024 * 1024;

export type { ReceiverStreams };

/** The receiver module, plus its write path for benchmarks and tests (not part of the contract). */
export interface ReceiverModule extends CoreModule {
  /** Whole bodies and exports as streams, for the hosts' download routes (never built in memory). */
  streams: ReceiverStreams;
  internals: { writer: CaptureWriter; inboxes: InboxStore; nextId: () => number; onStored: (c: Captured, duplicateOf: number | null, inbox: LiveInbox) => void };
}

/** The embedded receiver: inboxes, capture, rules, verification, forwarding and export. */
export function createReceiverModule(ctx: CoreContext): ReceiverModule {
  const now = () => ctx.clock.now();
  const inboxes = new InboxStore(ctx.db, now, secretVaultOf(ctx));
  inboxes.load();
  const store = new RequestStore(ctx.db);
  const writer = new CaptureWriter(path.join(ctx.dataDir, 'hookbench.db'), { nativeBinding: ctx.options.nativeBinding });
  let lastId = (ctx.db.prepare("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'requests'), 0), COALESCE((SELECT MAX(id) FROM requests), 0)) AS n").get() as { n: number }).n;
  const userAgent = `Hookbench/${ctx.version}`;

  const received = createBatcher<RequestItem>(150, (items) => ctx.events.emit('requests.received', { items }));
  const updated = createBatcher<number>(150, (ids) => {
    const items = [...new Set(ids)].map((id) => store.item(id)).filter((i): i is RequestItem => i !== null);
    if (items.length) ctx.events.emit('requests.updated', { items });
  });
  /** The last MAX_REJECTED refusals, oldest first (memory only: they are about this run). */
  const rejected: RejectedRequest[] = [];
  let rejectedSeq = 0;
  const rejectedEvents = createBatcher<RejectedRequest>(150, (items) => ctx.events.emit('requests.rejected', { items }));
  const inboxesChanged = () => ctx.events.emit('inboxes.changed', { items: inboxes.list() });

  const retention = new Retention(ctx.db, inboxes, writer, now, (inbox, deleted) => {
    inboxes.keepSeqFloor(inbox.slug);
    inbox.count = Math.max(0, inbox.count - deleted);
    ctx.events.emit('requests.deleted', { inbox: inbox.slug, ids: null });
  });

  /** Link tokens of forwards to this receiver still under way → the request they were captured as. */
  const pendingLinks = new Map<string, number | null>();
  const isLocalTarget = (url: string): boolean => {
    try {
      const u = new URL(url);
      const st = server.status(false);
      const ports = [st.http?.port, st.https?.port].filter((p) => p !== undefined).map(String);
      const port = u.port || (u.protocol === 'https:' ? '443' : '80');
      return ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(u.hostname) && ports.includes(port);
    } catch {
      return false;
    }
  };
  const runForward = async (job: ForwardJob) => {
    if (isLocalTarget(job.url) && pendingLinks.size < 10_000) {
      const token = `fwd_${crypto.randomBytes(9).toString('base64url')}`;
      pendingLinks.set(token, null);
      job = { ...job, linkToken: token, capturedBy: (t) => pendingLinks.get(t) ?? null };
    }
    let id: number;
    try {
      id = await forwardOnce(job, writer, now, userAgent);
    } finally {
      if (job.linkToken) pendingLinks.delete(job.linkToken);
    }
    updated.push(job.requestId);
    return id;
  };
  const autoForwarder = new AutoForwarder(
    async (job) => {
      await runForward(job);
    },
    (job) =>
      void writer
        .exec([['UPDATE requests SET forward_error = ?, forward_at = ? WHERE id = ?', ['Not forwarded: too many forwards were waiting.', now(), job.requestId]]])
        .then(() => updated.push(job.requestId), () => {}),
  );

  const onStored = (c: Captured, duplicateOf: number | null, inbox: LiveInbox) => {
    server.counters.captured++;
    if (pendingLinks.size > 0) {
      const token = rawHeader(c.rawHeaders, 'x-hookbench-forward');
      if (token !== null && pendingLinks.has(token)) pendingLinks.set(token, c.id);
    }
    inbox.count++;
    inbox.lastRequestAt = c.receivedAt;
    if (ctx.events.size > 0) received.push(toItem(c, duplicateOf, duplicateOf === null ? null : store.numberOf(duplicateOf)));
    const target = inbox.config.forwardUrl;
    if (target) {
      autoForwarder.push({
        requestId: c.id,
        auto: true,
        method: c.method,
        url: joinUrl(target, c.path, c.query),
        headers: pairs(c.rawHeaders),
        body: c.body,
        timeoutMs: 30_000,
      });
    }
    retention.noteStored(inbox);
  };

  const handler = createRequestHandler({
    inboxes,
    writer,
    now,
    nextId: () => ++lastId,
    autoCreate: () => ctx.settings.get().receiverAutoCreateInboxes,
    logger: ctx.logger,
    onStored,
    onRejected: (r) => {
      server.counters.rejected++;
      const item: RejectedRequest = { id: ++rejectedSeq, at: now(), ...r };
      rejected.push(item);
      if (rejected.length > MAX_REJECTED) rejected.splice(0, rejected.length - MAX_REJECTED);
      if (ctx.events.size > 0) rejectedEvents.push(item);
    },
    onInboxCreated: () => inboxesChanged(),
    get hung() {
      return server.hung;
    },
  });
  const server = new ReceiverServer(ctx, handler, () => ctx.events.emit('receiver.changed', server.status(ctx.settings.get().receiverAutoCreateInboxes)));

  // In chunks of 1,000 on the capture writer (the main thread): each holds the event loop a few ms.
  const deleteRequests = async (slug: string, where: string, params: unknown[]): Promise<number> => {
    let total = 0;
    for (;;) {
      const { changes } = await writer.exec([[`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE inbox = ? AND ${where} LIMIT 1000)`, [slug, ...params]]]);
      total += changes[0];
      if (changes[0] < 1000) return total;
    }
  };

  let retentionTimer: NodeJS.Timeout | null = null;

  return {
    streams: createReceiverStreams(store, inboxes, now, () => server.baseUrl(), ctx.version),
    internals: { writer, inboxes, nextId: () => ++lastId, onStored },
    async start() {
      await writer.start();
      await server.start();
      retentionTimer = setInterval(() => void retention.pruneAll().catch((e: Error) => ctx.logger.warn('receiver: retention failed', { error: e.message })), RETENTION_INTERVAL_MS);
      retentionTimer.unref();
      void retention.pruneAll().catch(() => {});
    },
    async close() {
      if (retentionTimer) clearInterval(retentionTimer);
      await server.close();
      await autoForwarder.close();
      received.close();
      rejectedEvents.close();
      updated.close();
      await writer.close();
    },
    handlers: {
      'receiver.status': () => server.status(ctx.settings.get().receiverAutoCreateInboxes),
      'receiver.pause': async ({ paused }) => {
        await server.setPaused(paused);
        return server.status(ctx.settings.get().receiverAutoCreateInboxes);
      },
      'inboxes.list': () => ({ items: inboxes.list() }),
      'inboxes.create': ({ slug, ...rest }) => {
        const inbox = inboxes.create(slug, rest);
        inboxesChanged();
        return inboxes.toOutput(inbox);
      },
      'inboxes.update': async ({ slug, ...rest }) => {
        inboxes.update(slug, rest);
        inboxesChanged();
        if (rest.retention) await retention.prune(slug);
        return inboxes.toOutput(inboxes.require(slug));
      },
      'inboxes.delete': async ({ slug }) => {
        inboxes.require(slug);
        inboxes.remove(slug);
        const n = await deleteRequests(slug, '1', []);
        inboxesChanged();
        return { deleted: true as const, requests: n };
      },
      'inboxes.sequences': ({ slug }) => ({ items: inboxes.require(slug).rules.sequences() }),
      'inboxes.resetSequence': ({ slug, ruleId, deliveryId }) => {
        const inbox = inboxes.require(slug);
        if (!inbox.rules.reset(ruleId, deliveryId))
          throw new HookbenchError('not_found', ruleId ? `The inbox "${slug}" has no enabled sequence rule "${ruleId}".` : `The inbox "${slug}" has no enabled sequence rule.`);
        return { items: inbox.rules.sequences() };
      },
      'inboxes.clear': async ({ slug }) => {
        const inbox = inboxes.require(slug);
        inboxes.keepSeqFloor(slug);
        store.decoded.forget(null);
        const n = await deleteRequests(slug, '1', []);
        inbox.count = 0;
        inbox.lastRequestAt = null;
        ctx.events.emit('requests.deleted', { inbox: slug, ids: null });
        inboxesChanged();
        return { deleted: n };
      },
      'requests.list': async ({ inbox, limit, before, query }) => {
        const live = inboxes.require(inbox);
        return await store.list(inbox, limit, before, query, live.count);
      },
      'requests.get': ({ id }) => store.detail(id),
      'requests.findByDeliveryId': ({ deliveryId }) => ({
        items: store.byDeliveryId(inboxes.slugs(), deliveryId, 20),
      }),
      'requests.rejected': ({ inbox, limit }) => {
        const mine = inbox === undefined ? rejected : rejected.filter((r) => r.inbox === inbox || r.inbox === null);
        return { items: mine.slice(-limit).reverse(), total: mine.length };
      },
      'requests.delete': async ({ ids }) => {
        const byInbox = store.inboxesOf(ids);
        for (const slug of byInbox.keys()) inboxes.keepSeqFloor(slug);
        store.decoded.forget(ids);
        let deleted = 0;
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          deleted += (await writer.exec([[`DELETE FROM requests WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk]])).changes[0];
        }
        for (const [slug, n] of byInbox) {
          const live = inboxes.get(slug);
          if (live) live.count = Math.max(0, live.count - n);
          ctx.events.emit('requests.deleted', { inbox: slug, ids });
        }
        return { deleted };
      },
      'requests.deleteMatching': async ({ inbox, query, limit }) => {
        inboxes.require(inbox);
        // Oldest first, in batches of 500 on the capture writer: the event loop and other writers wait a few ms at most.
        const w = whereFor(inbox, query);
        const ids = ctx.db.prepare(`SELECT id FROM requests WHERE ${w.sql} ORDER BY inbox, id LIMIT ?`).pluck().all(...w.params, limit) as number[];
        let deleted = 0;
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          const n = (await writer.exec([[`DELETE FROM requests WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk]])).changes[0];
          deleted += n;
          // The inbox object is replaced when its settings change: count on the current one.
          const live = inboxes.get(inbox);
          if (live) live.count = Math.max(0, live.count - n);
        }
        if (deleted) {
          ctx.events.emit('requests.deleted', { inbox, ids: ids.length <= 1000 ? ids : null });
          inboxesChanged();
        }
        return { deleted };
      },
      'requests.forward': async (input) => {
        const raw = store.raw(input.id);
        const body =
          input.bodyText !== undefined ? Buffer.from(input.bodyText, 'utf8') : input.bodyBase64 !== undefined ? Buffer.from(input.bodyBase64, 'base64') : raw.body;
        const id = await runForward({
          requestId: input.id,
          auto: false,
          method: input.method ?? raw.method,
          url: input.url,
          headers: input.headers ?? raw.headers,
          body,
          bodyEdited: input.bodyText !== undefined || input.bodyBase64 !== undefined,
          timeoutMs: input.timeoutMs,
        });
        return store.forward(id);
      },
      'requests.export': async ({ format, ids, inbox, query, limit }) => {
        if (!ids && inbox) inboxes.require(inbox);
        const list = ids ?? (await store.ids(inbox!, query, limit)).reverse();
        // The file is built in memory and sent whole: bound it by what is stored, before building it.
        const bytes = store.bodyBytes(list);
        if (bytes > MAX_EXPORT_BODY_BYTES) {
          throw new HookbenchError(
            'payload_too_large',
            `These ${list.length} requests hold ${Math.round(bytes / 1024 / 1024)} MiB of bodies; an export carries at most ${MAX_EXPORT_BODY_BYTES / 1024 / 1024} MiB. Export fewer requests (a smaller limit or a narrower filter), or download the export from the headless host's POST /api/requests.export/file, which streams it without this cap.`,
          );
        }
        const details = list.map((id) => store.get(id));
        const stamp = new Date(now()).toISOString().slice(0, 10);
        const name = exportName(inbox ?? details[0]?.inbox ?? 'requests', ids && details.length === 1 ? details[0] : null, stamp);
        if (format === 'har') {
          return { format, filename: `${name}.har`, mimeType: 'application/json', content: toHar(details, server.baseUrl(), ctx.version), count: details.length };
        }
        return { format, filename: `${name}.json`, mimeType: 'application/json', content: JSON.stringify(details, null, 2), count: details.length };
      },
    },
  };
}

const pairs = (raw: string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
};

/** The forward URL plus the captured path below the slug and the query. */
export function joinUrl(base: string, subPath: string, query: string): string {
  const u = new URL(base);
  const basePath = u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : u.pathname;
  u.pathname = subPath === '/' ? u.pathname : basePath + subPath;
  if (query) u.search = u.search ? `${u.search}&${query}` : `?${query}`;
  return u.toString();
}

