/**
 * Fills a running `hookbench serve` with real traffic (deliveries to its own inbox, whose rules
 * fail some) and a day of synthetic history written straight into its database (the rollup
 * triggers aggregate it like real traffic). Used by the Overview screenshots and benchmarks.
 */
import Database from 'better-sqlite3';
import path from 'node:path';

type Call = (method: string, input?: unknown) => Promise<{ status: number; body: { id: string; deliveryIds?: string[] } }>;

export async function seedOverview(call: Call, receiverUrl: string, dataDir: string, historyHours = 24) {
  await call('inboxes.update', {
    slug: 'default',
    rules: [
      { match: { bodyContains: 'FAIL' }, action: { type: 'respond', status: 503, body: 'down' } },
      { match: { bodyContains: 'NOPE' }, action: { type: 'respond', status: 404, body: 'no' } },
    ],
  });
  const mk = async (name: string, p: string, topics: string[]) =>
    (await call('endpoints.create', { name, url: `${receiverUrl}/default/${p}`, topics, retry: { delays: [0, 0] } })).body;
  const billing = await mk('Billing service', 'billing', ['invoice.*']);
  const crm = await mk('CRM sync', 'crm', ['customer.*', 'invoice.paid']);
  const audit = await mk('Audit log', 'audit', ['*']);
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const topic = ['invoice.paid', 'invoice.created', 'customer.updated'][i % 3];
    const mode = i % 9 === 0 ? 'FAIL' : i % 13 === 0 ? 'NOPE' : 'ok';
    const r = await call('events.send', { topic, payload: { i, mode } });
    ids.push(...(r.body.deliveryIds ?? []));
  }
  // A day of history for the charts' shape.
  const db = new Database(path.join(dataDir, 'hookbench.db'));
  db.pragma('busy_timeout = 10000');
  const now = Date.now();
  const insD = db.prepare(
    `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts,
       created_at, updated_at, last_status, last_error, duration_ms) VALUES (?, ?, ?, ?, 'event', ?, ?, 'application/json', ?, 3, ?, ?, ?, ?, ?)`,
  );
  const insA = db.prepare(
    `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
       res_status, outcome, error_code, error_message, total_ms, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, 'POST', 'http://x', '[]', ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  db.transaction(() => {
    for (let m = historyHours * 60; m > 20; m--) {
      const t0 = now - m * 60_000;
      const hour = new Date(t0).getHours();
      const load = 2 + Math.round(4 * Math.sin((hour / 24) * Math.PI * 2) ** 2);
      for (const ep of [billing, crm, audit]) {
        const k = Math.floor(rnd() * load * (ep === audit ? 2 : 1));
        for (let j = 0; j < k; j++) {
          const bad = rnd() < (ep === crm && m % 300 < 40 ? 0.35 : 0.03);
          const lat = Math.round(20 + rnd() ** 3 * (ep === billing ? 900 : 250) + (rnd() < 0.005 ? 6000 : 0));
          const id = `dlv_hist_${n++}`;
          const status = bad ? 'failed' : 'succeeded';
          const seq = Number(
            insD.run(id, `evt_hist_${n}`, ep.id, 'invoice.paid', status, Buffer.from('{}'), bad ? 3 : 1, t0, t0, bad ? 503 : 200, bad ? 'HTTP 503' : null, lat).lastInsertRowid,
          );
          const tries = bad ? 3 : 1;
          for (let a = 1; a <= tries; a++) {
            const last = a === tries;
            insA.run(`att_hist_${n}_${a}`, seq, ep.id, a, t0 + a * 1000, bad ? 503 : 200, bad ? 'failed' : 'succeeded', bad ? 'http_status' : null, bad ? 'HTTP 503: the endpoint did not answer with a 2xx status.' : null, lat, bad && !last ? t0 + a * 2000 : null);
          }
        }
      }
    }
  })();
  db.close();
  return { billing, crm, audit, ids };
}
