import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { InboxSlug } from '../../shared/receiver';
import { answerClientError, refuseConnect, statusOf } from '../util/http-input';
import type { Logger } from '../util/logger';
import { checkSignature, deliveryIdOf, scanHeaders, type Captured, type KnownHeaders } from './capture';
import type { CaptureWriter } from './capture-writer';
import type { InboxStore, LiveInbox } from './inbox-store';
import type { Answer } from './rules';

export interface HandlerDeps {
  inboxes: InboxStore;
  writer: CaptureWriter;
  now: () => number;
  nextId: () => number;
  autoCreate: () => boolean;
  logger: Logger;
  /** Runs after a request is committed, before its answer is sent. */
  onStored: (c: Captured, duplicateOf: number | null, inbox: LiveInbox) => void;
  onRejected: (r: Refusal) => void;
  /** An inbox was auto-created by a request to an unknown slug. */
  onInboxCreated: () => void;
  /** Responses held open by "hang" rules; destroyed when the receiver closes. */
  hung: Set<ServerResponse>;
}

/** What the receiver refused and why (kept in the rejected list). */
export interface Refusal {
  inbox: string | null;
  method: string | null;
  target: string | null;
  remoteAddress: string;
  status: number | null;
  reason: string;
}

const refusal = (req: IncomingMessage | null, socket: Duplex | null, r: Omit<Refusal, 'method' | 'target' | 'remoteAddress'>): Refusal => ({
  ...r,
  method: req?.method?.slice(0, 32) ?? null,
  target: req?.url?.slice(0, 2048) ?? null,
  remoteAddress: ((req?.socket ?? socket) as { remoteAddress?: string } | null)?.remoteAddress ?? '',
});

/** After a 413, the rest of an upload is read and thrown away up to this much, then cut. */
const DRAIN_LIMIT = 64 * 1024 * 1024;
const JSON_HEADERS = ['Content-Type', 'application/json; charset=utf-8'];

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = Buffer.from(JSON.stringify(body));
  const headers = [...JSON_HEADERS, 'Content-Length', String(text.length)];
  if (close) {
    headers.push('Connection', 'close');
    res.shouldKeepAlive = false;
  }
  res.writeHead(status, headers);
  res.end(text);
}

/** Splits "/<slug>/rest?query" into its parts; null when the target has no slug. */
function splitTarget(url: string): { slug: string; path: string; query: string } | null {
  let target = url;
  if (target[0] !== '/') {
    // Absolute form ("http://host/x", as proxies send it).
    try {
      const u = new URL(target);
      target = u.pathname + u.search;
    } catch {
      return null;
    }
  }
  const q = target.indexOf('?');
  const pathPart = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  const slash = pathPart.indexOf('/', 1);
  const slug = slash === -1 ? pathPart.slice(1) : pathPart.slice(1, slash);
  if (!slug) return null;
  return { slug, path: slash === -1 ? '/' : pathPart.slice(slash), query };
}

export function createRequestHandler(d: HandlerDeps) {
  const unknownInbox = (req: IncomingMessage, res: ServerResponse, slug: string | null) => {
    d.onRejected(
      refusal(req, null, {
        inbox: null,
        status: 404,
        reason: slug ? `There is no inbox "${slug.slice(0, 100)}".` : 'The path names no inbox (send to /<inbox>/…).',
      }),
    );
    const names = d.inboxes.slugs();
    sendJson(res, 404, {
      error: slug
        ? `There is no inbox "${slug}". Send to one of: ${names.map((n) => `/${n}/`).join(', ')} — or create "${slug}" in Hookbench (or turn on auto-create).`
        : `Send requests to an inbox: ${names.map((n) => `/${n}/`).join(', ')}.`,
      inboxes: names,
    });
  };

  const tooLarge = (req: IncomingMessage, res: ServerResponse, cap: number, slug: string, declared: boolean) => {
    d.onRejected(
      refusal(req, null, {
        inbox: slug,
        status: 413,
        reason: `The body is larger than the inbox's limit of ${cap} bytes${declared ? ' (by its Content-Length)' : ''}.`,
      }),
    );
    sendJson(res, 413, { error: `The body is larger than this inbox's limit of ${cap} bytes; it was not stored. Raise the limit in the inbox settings.` }, true);
    // Read and discard the rest (never buffered) so the client sees the 413; cut off floods.
    let drained = 0;
    req.removeAllListeners('data');
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > DRAIN_LIMIT) req.socket.destroy();
    });
    req.resume();
  };

  const send = (req: IncomingMessage, res: ServerResponse, a: Answer) => {
    if (a.kind === 'hang') {
      d.hung.add(res);
      res.once('close', () => d.hung.delete(res));
      return;
    }
    const go = () => {
      if (a.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (res.destroyed || res.headersSent) return;
      try {
        res.writeHead(a.status ?? 200, a.headers);
        // A string goes out in the same write as the head; a Buffer would be a second chunk.
        res.end(a.text ?? a.body);
      } catch (err) {
        d.logger.warn('receiver: could not send the configured response', { error: (err as Error).message });
        if (!res.headersSent) sendJson(res, 500, { error: `The configured response could not be sent: ${(err as Error).message}` });
        else res.destroy();
      }
    };
    if (a.delayMs > 0) setTimeout(go, a.delayMs);
    else go();
  };

  const handle = (req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void => {
    const receivedAt = d.now();
    const url = req.url ?? '/';
    const target = splitTarget(url);
    if (!target) return unknownInbox(req, res, null);
    let inbox = d.inboxes.get(target.slug);
    if (!inbox) {
      if (d.autoCreate() && InboxSlug.safeParse(target.slug).success) {
        try {
          inbox = d.inboxes.create(target.slug, { name: target.slug });
          d.onInboxCreated();
        } catch {
          inbox = d.inboxes.get(target.slug);
        }
      }
      if (!inbox) return unknownInbox(req, res, target.slug);
    }
    const live = inbox;
    const cap = live.config.maxBodyBytes;
    const known = scanHeaders(req.rawHeaders); // req.headers would build an object
    const cl = known.contentLength;
    if (cl !== null && Number(cl) > cap) return tooLarge(req, res, cap, live.slug, true);
    if (expectContinue) res.writeContinue();

    const start = performance.now();
    let chunks: Buffer[] | null = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (!chunks) return;
      size += c.length;
      if (size > cap) {
        chunks = null;
        tooLarge(req, res, cap, live.slug, false);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!chunks) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      chunks = null;
      try {
        finish(req, res, live, target, url, receivedAt, body, performance.now() - start, known);
      } catch (err) {
        // Outside the listener's try: an error here would otherwise reach the process.
        d.logger.error('receiver: request failed', { error: (err as Error).message });
        sendJson(res, 500, { error: 'Hookbench failed to handle this request; it was not captured.' }, true);
      }
    });
  };

  const finish = (
    req: IncomingMessage,
    res: ServerResponse,
    inbox: LiveInbox,
    target: { path: string; query: string },
    url: string,
    receivedAt: number,
    body: Buffer,
    bodyMs: number,
    known: KnownHeaders,
  ) => {
    const raw = req.rawHeaders;
    const socket = req.socket;
    const sig = checkSignature(inbox, raw, body, receivedAt);
    const deliveryId = deliveryIdOf(raw, body, inbox.config.duplicateJsonField, known);
    const answer = inbox.rules.pick({ method: req.method ?? 'GET', path: target.path, rawHeaders: raw, body, deliveryId });
    const c: Captured = {
      id: d.nextId(),
      // The live inbox now (settings saved during the upload replace the object).
      seq: ++(d.inboxes.get(inbox.slug) ?? inbox).lastSeq,
      inbox: inbox.slug,
      receivedAt,
      method: req.method ?? 'GET',
      url,
      path: target.path,
      query: target.query,
      httpVersion: req.httpVersion,
      tls: (socket as TLSSocket).encrypted === true,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? null,
      rawHeaders: raw,
      body,
      bodyMs: Math.round(bodyMs * 1000) / 1000,
      contentType: known.contentType,
      contentEncoding: known.contentEncoding,
      deliveryId,
      sigStatus: sig.status,
      sigReason: sig.reason,
      sigScheme: sig.scheme,
      sigReport: sig.report,
      answer,
    };
    d.writer.add(c, (err, duplicateOf) => {
      if (err) {
        d.logger.error('receiver: a request could not be stored', { error: err.message });
        d.onRejected(refusal(req, null, { inbox: inbox.slug, status: 503, reason: `It could not be stored: ${err.message.slice(0, 300)}` }));
        sendJson(res, 503, { error: `Hookbench could not store this request (${err.message}); it was not captured. Try again.` });
        return;
      }
      try {
        d.onStored(c, duplicateOf, inbox);
      } catch (e) {
        d.logger.error('receiver: after-store step failed', { error: (e as Error).message });
      }
      send(req, res, answer);
    });
  };

  return {
    onRequest(req: IncomingMessage, res: ServerResponse) {
      try {
        handle(req, res, false);
      } catch (err) {
        d.logger.error('receiver: request failed', { error: (err as Error).message });
        sendJson(res, 500, { error: 'Hookbench failed to handle this request; it was not captured.' });
      }
    },
    onCheckContinue(req: IncomingMessage, res: ServerResponse) {
      try {
        handle(req, res, true);
      } catch (err) {
        d.logger.error('receiver: request failed', { error: (err as Error).message });
        sendJson(res, 500, { error: 'Hookbench failed to handle this request; it was not captured.' });
      }
    },
    onClientError(err: NodeJS.ErrnoException, socket: Duplex) {
      const reset = err.code === 'ECONNRESET' || !socket.writable;
      const [status, text] = statusOf(err);
      d.onRejected(
        refusal(null, socket, {
          inbox: null,
          status: reset ? null : status,
          reason: reset ? 'The connection closed before the request was complete.' : `${text}: ${err.message.slice(0, 300)}`,
        }),
      );
      answerClientError(err, socket, {}, (message) => ({ error: `${message} The request was not captured.` }));
    },
    onConnect(req: IncomingMessage, socket: Duplex) {
      d.onRejected(refusal(req, socket, { inbox: null, status: 405, reason: 'CONNECT is not supported by the receiver.' }));
      refuseConnect(socket, {}, { error: 'CONNECT is not supported by the receiver; send requests to /<inbox>/. The request was not captured.' });
    },
  };
}
