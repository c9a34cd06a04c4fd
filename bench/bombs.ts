import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startChild } from './lib/load';

/**
 * Memory of the headless host (its own process) while it takes compression bombs and large raw
 * bodies, answers requests.get for each, exports them (the in-memory requests.export and the
 * streamed POST /api/requests.export/file) and streams each decoded body to a client that
 * discards it. Prints RSS after each phase and the phase's peak (VmHWM, reset between phases).
 * Issue #7 measured: 33 bombs of 60 MiB exported as HAR took RSS from 539 MB to 5 GB.
 *
 *   npm run bench:bombs -- [--count 33] [--mib 60] [--raw-mib 0]
 *
 * --count bombs, each --mib MiB of zeros gzip-compressed; --raw-mib adds one uncompressed random body.
 */
const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const count = flag('count', 33);
const mib = flag('mib', 60);
const rawMib = flag('raw-mib', 0);
const MiB = 1024 * 1024;

const status = (pid: number) => {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};
const resetPeak = (pid: number) => {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Peak resets need Linux ≥ 4.0; without them the peaks are cumulative.
  }
};
const mb = (n: number) => `${(n / 1e6).toFixed(0).padStart(6)} MB`;

async function main(): Promise<void> {
  const { child, info, stop } = await startChild(path.join(import.meta.dirname, 'lib/bomb-host.ts'));
  const pid = child.pid!;
  const { receiver, api, token } = info as { receiver: string; api: string; token: string };
  const auth = { authorization: `Bearer ${token}` };
  const call = async (method: string, input: unknown) => {
    const res = await fetch(`${api}api/${method}`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(input),
    });
    const text = await res.text();
    return { status: res.status, bytes: text.length, json: () => JSON.parse(text) as unknown };
  };
  const drain = async (res: Response) => {
    let n = 0;
    for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) n += c.length;
    return n;
  };
  const rows: string[] = [];
  const phase = async (name: string, run: () => Promise<string>) => {
    resetPeak(pid);
    const before = status(pid).rss;
    const t0 = performance.now();
    const note = await run();
    const s = status(pid);
    rows.push(
      `${name.padEnd(34)} rss ${mb(s.rss)}   peak ${mb(s.peak)} (+${mb(s.peak - before).trim()})   ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s   ${note}`,
    );
    console.log(rows[rows.length - 1]);
    growth.set(name, s.peak - before);
  };
  const growth = new Map<string, number>();

  await call('inboxes.create', { slug: 'bombs', maxBodyBytes: Math.max(rawMib, 1) * MiB + MiB });
  const bomb = zlib.gzipSync(Buffer.alloc(mib * MiB), { level: 9 });
  console.log(
    `host pid ${pid}; ${count} bombs of ${mib} MiB (gzip: ${bomb.length} bytes each)${rawMib ? `, one raw body of ${rawMib} MiB` : ''}`,
  );
  await phase('started', async () => '');
  await phase(`capture ${count} bombs${rawMib ? ' + raw' : ''}`, async () => {
    for (let i = 0; i < count; i++) {
      await fetch(`${receiver}/bombs/b${i}`, {
        method: 'POST',
        headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' },
        body: bomb,
      });
    }
    if (rawMib)
      await fetch(`${receiver}/bombs/raw`, { method: 'POST', body: crypto.randomBytes(rawMib * MiB) });
    return '';
  });
  const list = (await call('requests.list', { inbox: 'bombs', limit: 1000 })).json() as {
    items: { id: number; bodySize: number }[];
  };
  await phase('requests.get each', async () => {
    let largest = 0;
    for (const { id } of list.items) largest = Math.max(largest, (await call('requests.get', { id })).bytes);
    return `largest answer ${mb(largest)}`;
  });
  await phase('export/file (streamed, HAR)', async () => {
    const res = await fetch(`${api}api/requests.export/file`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ inbox: 'bombs', format: 'har' }),
    });
    return `HTTP ${res.status}, ${mb(await drain(res))}`;
  });
  await phase('requests.export (in memory, HAR)', async () => {
    const r = await call('requests.export', { inbox: 'bombs', format: 'har' });
    return `HTTP ${r.status}, ${mb(r.bytes)}`;
  });
  await phase('download each decoded body', async () => {
    let total = 0;
    for (const { id } of list.items)
      total += await drain(await fetch(`${api}api/requests/${id}/body?decoded=1`, { headers: auth }));
    return `${mb(total)} streamed`;
  });
  if (rawMib) {
    await phase('download the raw body', async () => {
      const raw = list.items.find((i) => i.bodySize === rawMib * MiB)!;
      return `${mb(await drain(await fetch(`${api}api/requests/${raw.id}/body`, { headers: auth })))} streamed`;
    });
  }
  const streamed = growth.get('export/file (streamed, HAR)')!;
  const built = growth.get('requests.export (in memory, HAR)')!;
  console.log(
    `peak growth of a streamed export: ${mb(streamed).trim()}, ${(streamed / Math.max(built, 1)).toFixed(2)}x that of the in-memory export (reference)`,
  );
  await stop();
}

void main();
