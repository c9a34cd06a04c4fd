import type { Transport } from '../../../shared/api';
import type { EventName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';

export type ConnectionState = 'connecting' | 'open' | 'retrying' | 'unauthorized';

/**
 * The headless host's client: POST /api/<method> with the bearer token, and server-sent events
 * read through fetch (EventSource cannot send an Authorization header), reconnecting on loss.
 */
export function createHttpTransport(opts: {
  token: () => string | null;
  onUnauthorized: () => void;
  onConnection?: (state: ConnectionState) => void;
}): Transport {
  const headers = (): Record<string, string> => {
    const t = opts.token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };

  const invoke = async (method: string, input: unknown): Promise<Envelope<unknown>> => {
    let res: Response;
    try {
      res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers() },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Hookbench is not reachable. Is `hookbench serve` still running?' } };
    }
    if (res.status === 401) opts.onUnauthorized();
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (res.ok) return { ok: true, data: body };
    const error = (body as { error?: { code: string; message: string } } | null)?.error;
    return {
      ok: false,
      error: (error as never) ?? { code: 'internal', message: `The server answered ${res.status} ${res.statusText}.` },
    };
  };

  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  let controller: AbortController | null = null;

  const connect = async () => {
    let delay = 500;
    while (listeners.size > 0) {
      controller = new AbortController();
      opts.onConnection?.('connecting');
      try {
        const res = await fetch('/api/events', { headers: headers(), signal: controller.signal });
        if (res.status === 401) {
          opts.onConnection?.('unauthorized');
          opts.onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(String(res.status));
        opts.onConnection?.('open');
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let idx: number;
          while ((idx = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, idx);
            buffer = buffer.slice(idx + 2);
            let name = '';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) name = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (!name) continue;
            let payload: unknown;
            try {
              payload = JSON.parse(data);
            } catch {
              continue;
            }
            for (const l of listeners) l(name as EventName, payload);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      if (listeners.size === 0) return;
      opts.onConnection?.('retrying');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  };

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) void connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) controller?.abort();
      };
    },
  };
}
