import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';
import { startSink, type Reply, type Sink } from '../dispatcher/helpers';
/** A client of the headless host's HTTP API for tests: POST /api/<method> and the SSE stream. */

export interface ApiError extends Error {
  status: number;
  body: { error: { code: string; message: string } };
}

export interface SseEvent {
  event: string;
  data: any;
}

export function apiClient(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  /** Calls a method; resolves with its JSON output on 200 and rejects with status and error otherwise. */
  const call = async (method: string, input: unknown = {}): Promise<any> => {
    const res = await fetch(`${baseUrl}api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
    const body: any = await res.json();
    if (res.status !== 200) {
      const err = new Error(`${method} answered ${res.status}: ${body?.error?.message}`) as ApiError;
      err.status = res.status;
      err.body = body;
      throw err;
    }
    return body;
  };

  /** Opens GET /api/events and collects every event until `close()`. */
  const events = async () => {
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}api/events`, { headers, signal: controller.signal });
    if (res.status !== 200) throw new Error(`events answered ${res.status}`);
    const received: SseEvent[] = [];
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    let resolveConnected!: () => void;
    const connected = new Promise<void>((r) => (resolveConnected = r));
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (block.startsWith(': connected')) resolveConnected();
            const ev = /^event: (.*)$/m.exec(block);
            const data = /^data: (.*)$/m.exec(block);
            if (ev && data) received.push({ event: ev[1], data: JSON.parse(data[1]) });
          }
        }
      } catch {
        // aborted
      }
    })();
    await connected;
    return {
      received,
      named: (name: string) => received.filter((e) => e.event === name).map((e) => e.data),
      /** Resolves with the first event of that name whose payload matches (bounded in time). */
      waitFor: async (name: string, match: (data: any) => boolean = () => true, ms = 8000) => {
        const end = Date.now() + ms;
        for (;;) {
          const hit = received.find((e) => e.event === name && match(e.data));
          if (hit) return hit.data;
          if (Date.now() > end) throw new Error(`no ${name} event within ${ms} ms; got ${received.map((e) => e.event).join(', ')}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      close: async () => {
        controller.abort();
        await pump;
      },
    };
  };

  return { call, events };
}

/** Polls a condition until it holds (bounded). */
export async function until<T>(fn: () => T | Promise<T>, ms = 8000, step = 25): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, step));
  }
}

/**
 * One core behind the headless host's HTTP API (on a free port, with `token`) for the whole test
 * file, and its API client; with `sink`, a local server answering with it; with `events`, the
 * GET /api/events stream, open from the start. Started in a beforeAll, closed in an afterAll; read
 * the getters inside hooks and tests.
 */
export function useHttpHost(token: string, opts: { sink?: Reply; events?: boolean } = {}) {
  let core: Awaited<ReturnType<typeof startCore>> | undefined;
  let host: HttpHost | undefined;
  let sink: Sink | undefined;
  let api: ReturnType<typeof apiClient> | undefined;
  let sse: Awaited<ReturnType<ReturnType<typeof apiClient>['events']>> | undefined;
  beforeAll(async () => {
    core = await startCore();
    host = await startHttpHost({ core, token, host: '127.0.0.1', port: 0, logger: silentLogger });
    api = apiClient(host.url, token);
    if (opts.sink) sink = await startSink(opts.sink);
    if (opts.events) sse = await api.events();
  });
  afterAll(async () => {
    await sse?.close();
    await sink?.close();
    await host?.close();
    await core?.close();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started (or not asked for)`);
    return v;
  };
  return {
    get core() {
      return started(core, 'the core');
    },
    get host() {
      return started(host, 'the HTTP host');
    },
    get api() {
      return started(api, 'the API client');
    },
    get sink() {
      return started(sink, 'the sink');
    },
    get sse() {
      return started(sse, 'the event stream');
    },
  };
}
