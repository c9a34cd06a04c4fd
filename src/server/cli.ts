import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { createCore, type Core } from '../core';
import { defaultUserDataDir } from '../core/paths';
import { installLastResort } from '../core/util/last-resort';
import { createConsoleLogger } from '../core/util/logger';
import { HookbenchError } from '../shared/errors';
import type { ReceiverStatus } from '../shared/receiver';
import { REPLAY_HELP, runReplayCommand } from './cli-replay';
import { startHttpHost } from './http-server';
import { resolveToken } from './token';

const HELP = `Hookbench ${pkg.version}: a local-first workbench for webhooks.

Usage: hookbench serve [options]
       hookbench replay <collection-file> --target <base-url> [options]   (hookbench replay --help)
       hookbench export --data-dir DIR [source] [--out FILE]

Runs Hookbench without a desktop window: the UI in your browser, the automation API
(POST /api/<method>, GET /api/events, GET /api/openapi.json) and the webhook receiver.

Options:
  --data-dir DIR        where the data lives (default: ${defaultUserDataDir()})
  --port N              port of the UI and API (default 7700; 0 picks a free one)
  --host HOST           address to listen on (default 127.0.0.1)
  --token T             API token (default: generated once and kept in the data dir)
  --receiver-port N     port of the webhook receiver (default: the one in Settings, 7780)
  --allowed-host NAME   also accept this Host name (repeatable; for reverse proxies)
  --open                open the UI in the default browser
  --log-level LEVEL     debug | info | warn | error (default info)
  -h, --help            this help
  -v, --version         print the version
`;

function fail(message: string): never {
  process.stderr.write(`hookbench: ${message}\n`);
  process.exit(2);
}

function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number from 0 to 65535, got "${value}".`);
  return n;
}

function openBrowser(url: string) {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}

async function main(argv: string[]) {
  if (argv[0] === 'replay' || argv[0] === 'export') process.exit(await runReplayCommand(argv[0], argv.slice(1)));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'receiver-port': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        open: { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const command = positionals[0] ?? 'serve';
  if (command === 'help' && (positionals[1] === 'replay' || positionals[1] === 'export')) {
    process.stdout.write(REPLAY_HELP);
    return;
  }
  if (command !== 'serve') fail(`unknown command "${command}". Try: hookbench serve --help`);

  const level = (values['log-level'] ?? 'info') as 'debug' | 'info' | 'warn' | 'error';
  if (!['debug', 'info', 'warn', 'error'].includes(level)) fail(`--log-level must be debug, info, warn or error.`);
  const logger = createConsoleLogger({ level });
  installLastResort(logger);
  const port = parsePort(values.port, '--port') ?? 7700;
  const receiverPort = parsePort(values['receiver-port'], '--receiver-port');
  const host = values.host ?? '127.0.0.1';
  if (values.token !== undefined && values.token.length < 1) fail('--token must not be empty.');
  const dataDir = path.resolve(values['data-dir'] ?? defaultUserDataDir());

  let core: Core;
  try {
    core = await createCore({
      dataDir,
      host: 'headless',
      logger,
      ports: receiverPort === undefined ? undefined : { receiver: receiverPort },
    });
  } catch (err) {
    fail(err instanceof HookbenchError ? err.message : `could not start: ${(err as Error).message}`);
  }
  const token = resolveToken(core.db, values.token);
  const staticDir = path.join(__dirname, '../renderer');
  let http;
  try {
    http = await startHttpHost({
      core,
      token,
      host,
      port,
      staticDir: fs.existsSync(staticDir) ? staticDir : undefined,
      allowedHosts: values['allowed-host'],
      logger,
    });
  } catch (err) {
    await core.close();
    const code = (err as NodeJS.ErrnoException).code;
    fail(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use. Stop what uses it or pick another with --port.`
        : `could not listen on ${host}:${port}: ${(err as Error).message}`,
    );
  }

  // Handlers first: whoever reads "Press Ctrl+C" below may signal at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await http.close();
    await core.close();
    process.stdout.write('Hookbench stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const ui = `${http.url}?token=${encodeURIComponent(token)}`;
  const lines = [
    `Hookbench ${core.context.version} is running (headless).`,
    `  UI        ${ui}`,
    `  API       ${http.url}api/<method>   (POST JSON, Authorization: Bearer <token>)`,
    `  Events    ${http.url}api/events     (server-sent events)`,
    `  OpenAPI   ${http.url}api/openapi.json`,
  ];
  const status = await core.invoke('receiver.status', {});
  if (status.ok) {
    const s = status.data as ReceiverStatus;
    if (s.http) lines.push(`  Receiver  ${s.http.baseUrl}/<inbox>/   (inbox "default" is ready)`);
    if (s.https) lines.push(`  Receiver  ${s.https.baseUrl}/<inbox>/   (TLS, self-signed certificate)`);
    if (s.error) lines.push(`  Receiver  not running: ${s.error}`);
    if (s.listenAll) lines.push('  Warning   the receiver listens on all interfaces: other machines can send to it.');
  }
  lines.push(`  Data      ${core.dataDir}`, '', 'Press Ctrl+C to stop.');
  process.stdout.write(lines.join('\n') + '\n');
  if (values.open) openBrowser(ui);

}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`hookbench: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
