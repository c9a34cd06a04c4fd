import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { safeDecode } from '../core/util/http-input';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Serves the built renderer; unknown paths fall back to index.html (client-side routes). */
export function serveStatic(root: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  const rel = safeDecode(pathname);
  if (rel === null || rel.includes('\0')) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
    return;
  }
  const base = path.resolve(root);
  let file = path.resolve(base, '.' + path.posix.normalize(rel));
  // Stryker disable all: defence in depth — normalize() has already dropped every leading "..", so no request path reaches here outside the root.
  if (!file.startsWith(base + path.sep) && file !== base) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  // Stryker restore all
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = fs.statSync(file);
    }
  } catch {
    stat = undefined;
  }
  if (!stat) {
    if (path.extname(rel)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    file = path.join(base, 'index.html');
    try {
      stat = fs.statSync(file);
    } catch {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The Hookbench UI has not been built. Run `npm run build` (or `npm run serve`, which builds it).');
      return;
    }
  }
  const ext = path.extname(file);
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': String(stat.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  // Stryker disable next-line ConditionalExpression,StringLiteral: node's server drops a body written to a HEAD response, so piping it is not visible (only wasteful).
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}
