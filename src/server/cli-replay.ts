import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, type Core } from '../core';
import { createConsoleLogger } from '../core/util/logger';
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract';
import { HookbenchError } from '../shared/errors';
import { DEFAULT_IGNORE_HEADERS, DEFAULT_IGNORE_PATHS } from '../shared/replay-compare';
import type { Run, RunCounts, RunSigning } from '../shared/replay';
import { SchemeId } from '../shared/signing';

export const REPLAY_HELP = `Usage: hookbench replay <collection-file> --target <base-url> [options]

Replays a collection (.hookbench.json) against a base URL, compares every answer with the
collection's baseline and exits 0 only when every item got a 2xx answer (and, with --compare,
the same answer as its baseline).

Options:
  --target URL          base URL that replaces scheme, host and port (and path prefix) of each item
  --strip-prefix P      remove this prefix from each item's path before the target's path
  --keep-id             keep each item's delivery id and its captured signature headers
  --sign-scheme S       re-sign with this scheme (${SchemeId.options.filter((s) => s !== 'custom').join(', ')})
  --secret-env VAR      ...and the secret in the environment variable VAR (never on the command line)
  --concurrency N       requests at once (default 4)
  --rate N              at most N requests per second
  --timeout MS          per request (default 30000)
  --ignore PATH         a JSON path left out of the comparison (repeatable; adds to the defaults)
  --ignore-header NAME  a response header left out of the comparison (repeatable)
  --compare             fail (exit 1) when an answer differs from its baseline
  --stop-on-failure     stop at the first failed item (the rest are reported as not sent)
  --junit FILE          write the results as JUnit XML
  --json FILE           write the results as JSON
  --data-dir DIR        keep the run in this data dir (default: a temporary one, removed after)
  --quiet               no progress, only the summary

Exit codes: 0 all passed, 1 some item failed or changed, 2 bad usage or an invalid collection.

Usage: hookbench export --data-dir DIR [source] [--out FILE]

Writes a collection file from a data dir. Source (one of):
  --inbox SLUG [--query TEXT]       captured requests of an inbox (optionally filtered)
  --deliveries [--status S] [--endpoint ID] [--topic T] [--since ISO] [--until ISO]
  --run ID                          the items of a replay run, its answers as baselines
  --limit N                         at most N items (default 10000)
`;

class UsageError extends Error {}

const usage = (message: string): never => {
  throw new UsageError(message);
};

function intFlag(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    usage(`${flag} must be a number from ${min} to ${max}, got "${v}".`);
  return n;
}

function timeFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) usage(`${flag} must be a date and time like 2026-01-31T12:00:00Z, got "${v}".`);
  return t;
}

type Call = <K extends MethodName>(method: K, input: MethodInput<K>) => Promise<MethodOutput<K>>;

const caller =
  (core: Core): Call =>
  async (method, input) => {
    const res = await core.invoke(method, input);
    if (!res.ok) throw new HookbenchError(res.error.code, res.error.message, res.error.issues);
    return res.data as never;
  };

async function openCore(dataDir: string | undefined): Promise<{ core: Core; cleanup: () => Promise<void> }> {
  const temp = dataDir === undefined;
  const dir = dataDir ? path.resolve(dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-replay-'));
  const core = await createCore({
    dataDir: dir,
    host: 'headless',
    logger: createConsoleLogger({ level: 'error' }),
    ports: { receiver: 0, receiverHttps: 0 },
  });
  return {
    core,
    cleanup: async () => {
      await core.close();
      if (temp) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);

function summary(run: Run, compare: boolean): string {
  const c: RunCounts = run.counts;
  const rows: [string, number, string][] = [
    ['answered the same', c.same, ''],
    ['answered differently', c.changed, compare ? 'fails with --compare' : ''],
    ['no baseline', c.noBaseline, ''],
    ['failed (no answer or not 2xx)', c.failed, 'fails'],
    ['not sent', c.notSent, c.notSent ? 'fails' : ''],
    ['total', c.total, ''],
  ];
  const secs = ((run.finishedAt ?? Date.now()) - run.createdAt) / 1000;
  const took = `\n${c.total} item${c.total === 1 ? '' : 's'} in ${secs.toFixed(1)} s (${(secs > 0 ? c.done / secs : c.done).toFixed(1)}/s)`;
  return (
    [
      took,
      `${pad('Result', 32)}${pad('Items', 8)}`,
      `${'-'.repeat(32)}${'-'.repeat(8)}`,
      ...rows.map(([k, n, note]) => `${pad(k, 32)}${pad(n, 8)}${note}`),
    ].join('\n') + '\n'
  );
}

function bar(done: number, total: number, rate: number, failed: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s  failed ${failed}`;
}

async function replay(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      'strip-prefix': { type: 'string' },
      'keep-id': { type: 'boolean' },
      'sign-scheme': { type: 'string' },
      'secret-env': { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      ignore: { type: 'string', multiple: true },
      'ignore-header': { type: 'string', multiple: true },
      compare: { type: 'boolean' },
      'stop-on-failure': { type: 'boolean' },
      junit: { type: 'string' },
      json: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(REPLAY_HELP);
    return 0;
  }
  const file =
    positionals[0] ??
    usage('give the collection file: hookbench replay <collection-file> --target <base-url>');
  if (positionals.length > 1) usage(`one collection file at a time; got ${positionals.length}.`);
  const target = values.target ?? usage('give --target <base-url>, e.g. --target http://localhost:3000');
  if (!/^https?:\/\//i.test(target)) usage(`--target must be an http:// or https:// URL, got "${target}".`);
  let signing: RunSigning = values['keep-id'] ? { mode: 'keep' } : { mode: 'none' };
  if (values['sign-scheme'] !== undefined) {
    const scheme = SchemeId.safeParse(values['sign-scheme']);
    if (!scheme.success || scheme.data === 'custom')
      usage(`--sign-scheme must be one of ${SchemeId.options.filter((s) => s !== 'custom').join(', ')}.`);
    const env =
      values['secret-env'] ??
      usage(
        '--sign-scheme needs --secret-env VAR (the name of an environment variable that holds the secret).',
      );
    const secret = process.env[env];
    if (!secret) usage(`the environment variable ${env} (from --secret-env) is empty or not set.`);
    signing = { mode: 'secret', scheme: scheme.data as SchemeId, secret: secret! };
  } else if (values['secret-env'] !== undefined) usage('--secret-env goes with --sign-scheme.');
  const concurrency = intFlag(values.concurrency, '--concurrency', 1, 64);
  const rate = intFlag(values.rate, '--rate', 0.1, 10_000);
  const timeout = intFlag(values.timeout, '--timeout', 100, 300_000);
  const compare = values.compare ?? false;
  const tty = out.isTTY === true && !values.quiet;

  const { core, cleanup } = await openCore(values['data-dir']);
  const call = caller(core);
  let runId: string | null = null;
  const onSignal = () => {
    if (runId) void call('runs.cancel', { id: runId }).catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  try {
    const imported = await call('collections.import', { path: path.resolve(file) });
    if (!imported.collection) {
      out.write(`hookbench: ${file} was not imported:\n`);
      for (const r of imported.rejected.slice(0, 50))
        out.write(`  ${r.index < 0 ? 'file' : `item ${r.index + 1}`}: ${r.reason}\n`);
      if (imported.rejected.length > 50) out.write(`  … and ${imported.rejected.length - 50} more\n`);
      return 2;
    }
    const finished = new Promise<void>((resolve) => {
      const unsubscribe = core.events.subscribe((name, payload) => {
        const p = payload as {
          id: string;
          change?: string;
          counts?: RunCounts;
          rate?: number;
          status?: string;
        };
        if (p.id !== runId) return;
        if (name === 'runs.progress' && !values.quiet && p.counts) {
          const line = bar(p.counts.done + p.counts.notSent, p.counts.total, p.rate ?? 0, p.counts.failed);
          if (tty) out.write(`\r${line}`);
          else out.write(`progress ${line.slice(line.indexOf(']') + 2)}\n`);
        }
        if (name === 'runs.changed' && p.change === 'finished') {
          unsubscribe();
          resolve();
        }
      });
    });
    const run = await call('runs.create', {
      name: imported.collection.name,
      source: { type: 'collection', collectionId: imported.collection.id },
      target: {
        type: 'url',
        baseUrl: target,
        ...(values['strip-prefix'] ? { stripPrefix: values['strip-prefix'] } : {}),
      },
      options: {
        keepId: values['keep-id'] ?? false,
        signing,
        concurrency,
        ratePerSecond: rate,
        timeoutMs: timeout,
        stopOnFailure: values['stop-on-failure'] ?? false,
        compare: {
          ignorePaths: [...DEFAULT_IGNORE_PATHS, ...(values.ignore ?? [])],
          ...(values['ignore-header']
            ? { ignoreHeaders: [...DEFAULT_IGNORE_HEADERS, ...values['ignore-header']] }
            : {}),
        },
      },
    });
    runId = run.id;
    if (!values.quiet)
      out.write(
        `Replaying ${run.counts.total} request${run.counts.total === 1 ? '' : 's'} from ${file} to ${target}\n`,
      );
    await finished;
    if (tty) out.write('\n');
    const final = (await call('runs.get', { id: run.id })).run;
    out.write(summary(final, compare));
    const bad = await call('runs.get', { id: run.id, filter: 'failed', limit: 20 });
    for (const it of bad.items)
      out.write(
        `  FAILED   ${it.index + 1}. ${it.method} ${it.url}: ${it.error ?? `answered ${it.status}`}\n`,
      );
    if (compare) {
      const changed = await call('runs.get', { id: run.id, filter: 'changed', limit: 20 });
      for (const it of changed.items) {
        const d = (await call('runs.get', { id: run.id, item: it.index, limit: 1 })).item!;
        const c = d.comparison!;
        const what = [
          ...(c.status.same ? [] : [`status ${c.status.before} -> ${c.status.after}`]),
          ...c.headers.map((h) => `header ${h.name}`),
          ...(c.body.kind === 'json'
            ? c.body.changes.slice(0, 3).map((ch) => `${ch.path} ${ch.kind}`)
            : c.body.same
              ? []
              : ['body']),
        ];
        out.write(`  CHANGED  ${it.index + 1}. ${it.method} ${it.url}: ${what.join(', ')}\n`);
      }
    }
    if (values.junit) {
      const x = await call('runs.export', { id: run.id, format: 'junit', failOnChanged: compare });
      fs.writeFileSync(values.junit, x.content);
      if (!values.quiet) out.write(`JUnit XML written to ${values.junit}\n`);
    }
    if (values.json) {
      const x = await call('runs.export', { id: run.id, format: 'json' });
      fs.writeFileSync(values.json, x.content);
      if (!values.quiet) out.write(`Results written to ${values.json}\n`);
    }
    const c = final.counts;
    const passed = c.failed === 0 && c.notSent === 0 && c.pending === 0 && (!compare || c.changed === 0);
    out.write(passed ? 'PASSED\n' : 'FAILED\n');
    return passed ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}

async function exportCollection(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      inbox: { type: 'string' },
      query: { type: 'string' },
      deliveries: { type: 'boolean' },
      status: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      topic: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      run: { type: 'string' },
      limit: { type: 'string' },
      out: { type: 'string', short: 'o' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(REPLAY_HELP);
    return 0;
  }
  const dataDir = values['data-dir'] ?? usage('give --data-dir DIR: the data dir to export from.');
  if (!fs.existsSync(path.join(dataDir, 'hookbench.db'))) usage(`there is no Hookbench data in ${dataDir}.`);
  const chosen = [values.inbox !== undefined, values.deliveries === true, values.run !== undefined].filter(
    Boolean,
  ).length;
  if (chosen !== 1) usage('choose one source: --inbox SLUG, --deliveries or --run ID.');
  const limit = intFlag(values.limit, '--limit', 1, 100_000) ?? 10_000;
  const statuses = values.status as
    ('pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled')[] | undefined;
  const source: MethodInput<'collections.export'>['source'] = values.inbox
    ? { type: 'requests', inbox: values.inbox, ...(values.query ? { query: values.query } : {}), limit }
    : values.run
      ? { type: 'run', runId: values.run }
      : {
          type: 'deliveries',
          limit,
          filter: {
            ...(statuses ? { statuses } : {}),
            ...(values.endpoint ? { endpointId: values.endpoint } : {}),
            ...(values.topic ? { topic: values.topic } : {}),
            ...(values.since ? { since: timeFlag(values.since, '--since') } : {}),
            ...(values.until ? { until: timeFlag(values.until, '--until') } : {}),
          },
        };
  const { core, cleanup } = await openCore(dataDir);
  try {
    const file = await caller(core)('collections.export', {
      source,
      ...(values.name ? { name: values.name } : {}),
    });
    if (values.out) {
      fs.writeFileSync(values.out, file.content);
      process.stderr.write(`Wrote ${file.count} item${file.count === 1 ? '' : 's'} to ${values.out}\n`);
    } else out.write(file.content + '\n');
    return 0;
  } finally {
    await cleanup();
  }
}

/** `hookbench replay` and `hookbench export`; resolves to the exit code. */
export async function runReplayCommand(command: 'replay' | 'export', argv: string[]): Promise<number> {
  try {
    return command === 'replay'
      ? await replay(argv, process.stdout)
      : await exportCollection(argv, process.stdout);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hookbench ${command}: ${(err as Error).message}\n\n${REPLAY_HELP}`);
      return 2;
    }
    if (err instanceof HookbenchError) {
      process.stderr.write(`hookbench ${command}: ${err.message}\n`);
      for (const i of err.issues ?? []) process.stderr.write(`  ${i.path.join('.')}: ${i.message}\n`);
      return err.code === 'invalid_input' || err.code === 'not_found' ? 2 : 1;
    }
    throw err;
  }
}
