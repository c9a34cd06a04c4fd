import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Duplex, type Readable } from 'node:stream';
import type { Core } from '../core';
import type { ReceiverModule } from '../core/receiver/receiver-module';
import { HookbenchError } from '../shared/errors';
import { zodIssues } from '../core/invoke';
import type { Logger } from '../core/util/logger';
import { ERROR_CODES, type ApiErrorBody } from '../shared/errors';
import { guardConnections } from '../core/util/connection-guard';
import { createHostCheck } from './host-check';
import { buildOpenApi } from './openapi';
import { serveStatic } from './static-files';
import { answerClientError, pathOfTarget, refuseConnect, safeDecode } from '../core/util/http-input';

export interface HttpHostOptions {
  core: Core;
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer); absent: the API only. */
  staticDir?: string;
  allowedHosts?: string[];
  logger: Logger;
  /** Largest JSON body accepted by POST /api/<method> (default 16 MiB). */
  maxBodyBytes?: number;
  /** A connection with no request in progress is closed after this long (default 5 s). */
  idleTimeoutMs?: number;
  /** Open connections at most; at the cap idle ones are closed first (default 512). */
  maxConnections?: number;
  /** Largest decoded body GET /api/requests/<id>/body?decoded=1 produces (default 1 GiB). */
  maxDecodedBytes?: number;
  /** Bytes of events queued for one SSE client that does not read, before it is dropped (default 4 MiB). */
  maxSseQueueBytes?: number;
}

export interface HttpHost {
  readonly port: number;
  readonly url: string;
  /** Event-stream clients connected now, and dropped since start for not reading. */
  sseStats(): { clients: number; dropped: number };
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

const sendError = (res: http.ServerResponse, error: ApiErrorBody, extra: Record<string, string> = {}, status?: number) => {
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  sendJson(res, status ?? ERROR_CODES[error.code] ?? 500, { error });
};

const safeEqual = (a: string, b: string) => {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
};

const readBody = (req: http.IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(Object.assign(new Error('too large'), { tooLarge: true }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** The headless host: the contract over HTTP, events over SSE, and the built UI. */
export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const { core, logger } = opts;
  // Bounds what one API call can make the process hold (a payload is parsed, validated and encoded again).
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  let port = opts.port;
  const hostAllowed = createHostCheck({ bindHost: opts.host, port: () => port, allowedHosts: opts.allowedHosts });
  const openapi = buildOpenApi(core.context.version);
  const sseClients = new Set<http.ServerResponse>();
  const maxSseQueue = opts.maxSseQueueBytes ?? 4 * 1024 * 1024;
  let sseDropped = 0;

  const authorized = (req: http.IncomingMessage): boolean => {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(h);
    return !!m && safeEqual(m[1].trim(), opts.token);
  };

  const handleEvents = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    let dropped = false;
    // Backpressure: a client that does not read cannot make the server hold an unbounded queue for
    // it. Past the bound it is dropped; it reconnects and refetches what it shows.
    const send = (text: string) => {
      if (dropped) return;
      if (res.writableLength + text.length > maxSseQueue) {
        dropped = true;
        sseDropped++;
        logger.warn('events: a client was not reading; dropped it (it reconnects and refetches)', { queued: res.writableLength });
        res.destroy();
        return;
      }
      res.write(text);
    };
    const unsubscribe = core.events.subscribe((event, payload) => {
      send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => send(': keep-alive\n\n'), 15_000);
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
    res.on('error', done);
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, name: string) => {
    if (req.method !== 'POST') {
      sendError(res, { code: 'invalid_input', message: `Use POST /api/${name} with a JSON body.` }, { allow: 'POST' }, 405);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (err) {
      if ((err as { tooLarge?: boolean }).tooLarge) {
        sendError(res, { code: 'payload_too_large', message: `The request body is larger than ${maxBody} bytes.` }, { connection: 'close' });
      }
      return;
    }
    let input: unknown = {};
    if (body.length && !isUtf8(body)) {
      sendError(res, { code: 'invalid_input', message: 'The body is not valid UTF-8; send JSON encoded as UTF-8.', issues: [] });
      return;
    }
    if (body.length) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch (err) {
        sendError(res, { code: 'invalid_input', message: `The body is not valid JSON: ${(err as Error).message}`, issues: [] });
        return;
      }
    }
    const result = await core.invoke(name, input);
    if (result.ok) sendJson(res, 200, result.data === undefined ? null : result.data);
    else sendError(res, result.error);
  };

  const receiverStreams = () => (core.modules.receiver as ReceiverModule | undefined)?.streams;

  /** Answers a thrown error as the API would (a user-facing code and message), or logs it. */
  const sendThrown = (res: http.ServerResponse, err: unknown, what: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof HookbenchError) return sendError(res, err.toBody());
    if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown[] }).issues)) {
      const issues = zodIssues(err as Parameters<typeof zodIssues>[0]);
      return sendError(res, { code: 'invalid_input', message: `Invalid input for ${what}: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, issues });
    }
    logger.error('download failed', { what, error: (err as Error)?.message });
    sendError(res, { code: 'internal', message: 'Internal error; see the log.' });
  };

  /** Streams a file to the client at the pace it reads (never built in memory); a broken stream cuts the connection. */
  const sendStream = (req: http.IncomingMessage, res: http.ServerResponse, file: { filename: string; contentType: string; size?: number; stream: Readable }, extra: Record<string, string> = {}) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      ...extra,
      'content-type': file.contentType,
      ...(file.size !== undefined ? { 'content-length': file.size } : {}),
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') {
      file.stream.destroy();
      res.end();
      return;
    }
    pipeline(file.stream, res, (err) => {
      if (err && err.name !== 'AbortError' && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        logger.warn('download: stream failed', { file: file.filename, error: err.message });
      }
    });
  };

  /** GET /api/requests/<id>/body[?decoded=1]: the whole stored body (or its decoded form), streamed. */
  const handleBodyDownload = async (req: http.IncomingMessage, res: http.ServerResponse, id: number, decoded: boolean) => {
    const streams = receiverStreams();
    if (!streams) return sendError(res, { code: 'not_found', message: 'This host has no receiver.' });
    const file = await streams.body(id, { decoded, maxDecodedBytes: opts.maxDecodedBytes });
    sendStream(req, res, file);
  };

  /** POST /api/requests.export/file: the export of requests.export, written entry by entry. */
  const handleExportFile = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const streams = receiverStreams();
    if (!streams) return sendError(res, { code: 'not_found', message: 'This host has no receiver.' });
    let body: Buffer;
    try {
      body = await readBody(req, 1024 * 1024);
    } catch (err) {
      if ((err as { tooLarge?: boolean }).tooLarge) sendError(res, { code: 'payload_too_large', message: 'The export request is larger than 1 MiB.' }, { connection: 'close' });
      return;
    }
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      return sendError(res, { code: 'invalid_input', message: `The body is not valid JSON: ${(err as Error).message}`, issues: [] });
    }
    const file = await streams.exportFile(input);
    sendStream(req, res, { filename: file.filename, contentType: file.mimeType, stream: file.stream }, { 'x-hookbench-count': String(file.count) });
  };

  /** Routes one request; anything it throws is answered by the caller, never by the process dying. */
  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!hostAllowed(req.headers.host)) {
      sendError(res, {
        code: 'forbidden',
        message: `Host "${req.headers.host ?? ''}" is not allowed. Open Hookbench at http://127.0.0.1:${port}/ (add --allowed-host for other names).`,
      });
      return;
    }
    const p = pathOfTarget(req.url ?? '/');
    if (p === null) {
      sendError(res, { code: 'invalid_input', message: 'The request target is not a valid path or URL.' }, { connection: 'close' }, 400);
      return;
    }
    if (p === '/api/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, openapi);
      return;
    }
    if (p === '/api' || p.startsWith('/api/')) {
      if (!authorized(req)) {
        sendError(
          res,
          { code: 'unauthorized', message: 'Missing or wrong token. Send Authorization: Bearer <token>, as printed by hookbench serve.' },
          { 'www-authenticate': 'Bearer realm="hookbench"' },
        );
        return;
      }
      if (p === '/api/events') {
        if (req.method !== 'GET') return sendError(res, { code: 'invalid_input', message: 'Use GET /api/events.' }, { allow: 'GET' }, 405);
        handleEvents(req, res);
        return;
      }
      const bodyRoute = /^\/api\/requests\/(\d{1,15})\/body$/.exec(p);
      if (bodyRoute) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'invalid_input', message: `Use GET ${p}.` }, { allow: 'GET, HEAD' }, 405);
        const decoded = /[?&]decoded=(1|true)(&|$)/.test(req.url ?? '');
        handleBodyDownload(req, res, Number(bodyRoute[1]), decoded).catch((err) => sendThrown(res, err, 'the body download'));
        return;
      }
      if (p === '/api/requests.export/file') {
        if (req.method !== 'POST') return sendError(res, { code: 'invalid_input', message: 'Use POST /api/requests.export/file with the requests.export input as JSON.' }, { allow: 'POST' }, 405);
        handleExportFile(req, res).catch((err) => sendThrown(res, err, 'requests.export/file'));
        return;
      }
      const name = safeDecode(p.slice('/api/'.length));
      if (name === null) {
        sendError(res, { code: 'invalid_input', message: 'The method name has a malformed percent-escape.' }, {}, 400);
        return;
      }
      handleApi(req, res, name).catch((err) => {
        logger.error('api request failed', { error: (err as Error).message });
        if (!res.headersSent) sendError(res, { code: 'internal', message: 'Internal error; see the log.' });
        else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, { code: 'not_found', message: `No route for ${req.method} ${p}.` });
      return;
    }
    if (!opts.staticDir) {
      sendError(res, { code: 'not_found', message: 'This server has no UI; the API is under /api/.' });
      return;
    }
    serveStatic(opts.staticDir, p, req, res, SECURITY_HEADERS);
  };

  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    // Every answer carries them, errors and static files included; writeHead merges its own headers in.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    try {
      route(req, res);
    } catch (err) {
      logger.error('http: request failed', { error: (err as Error).message });
      if (!res.headersSent) sendError(res, { code: 'internal', message: 'Internal error; see the log.' }, { connection: 'close' });
      else res.destroy();
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, SECURITY_HEADERS));
  // CONNECT is not served; without a listener node would cut the socket without an answer.
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => refuseConnect(socket, SECURITY_HEADERS));
  // An Expect other than 100-continue: node would answer 417 itself, without our headers.
  server.on('checkExpectation', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    sendError(res, { code: 'invalid_input', message: 'Only "Expect: 100-continue" is supported.' }, { connection: 'close' }, 417);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 5000;
  const maxConnections = opts.maxConnections ?? 512;
  server.keepAliveTimeout = idleTimeoutMs;
  guardConnections(server, 'connection', { idleTimeoutMs: () => idleTimeoutMs, maxConnections: () => maxConnections });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const displayHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  return {
    port,
    url: `http://${displayHost}:${port}/`,
    sseStats: () => ({ clients: sseClients.size, dropped: sseDropped }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of sseClients) c.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
