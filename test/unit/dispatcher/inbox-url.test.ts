import { describe, expect, it } from 'vitest';
import { inboxSlugAt } from '../../../src/shared/inbox-url';

/** Which URLs name one of this Hookbench's own inboxes (the verifyAtInbox option of endpoints). */
const listening = (host: string) => ({
  http: { host, port: 7780, baseUrl: `http://${host}:7780` },
  https: { host, port: 7443, baseUrl: `https://${host}:7443` },
});

describe('inboxSlugAt', () => {
  it('takes the first path segment of a loopback URL at a listening port', () => {
    const s = listening('127.0.0.1');
    expect(inboxSlugAt('http://127.0.0.1:7780/orders/webhooks?x=1', s)).toBe('orders');
    expect(inboxSlugAt('http://localhost:7780/orders', s)).toBe('orders');
    expect(inboxSlugAt('http://[::1]:7780/orders', s)).toBe('orders');
    expect(inboxSlugAt('https://127.0.0.1:7443/tls/', s)).toBe('tls');
    expect(inboxSlugAt('http://127.0.0.1:7780/caf%C3%A9', s)).toBe('café');
  });

  it('is null for another port, scheme or host, no inbox segment, or no listener', () => {
    const s = listening('127.0.0.1');
    expect(inboxSlugAt('http://127.0.0.1:7781/orders', s)).toBeNull();
    expect(inboxSlugAt('https://127.0.0.1:7780/orders', s)).toBeNull();
    expect(inboxSlugAt('http://example.com:7780/orders', s)).toBeNull();
    expect(inboxSlugAt('http://127.0.0.1:7780/', s)).toBeNull();
    expect(inboxSlugAt('http://127.0.0.1:7780/%E0%A4%A', s)).toBeNull();
    expect(inboxSlugAt('not a url', s)).toBeNull();
    expect(inboxSlugAt('http://127.0.0.1:7780/orders', { http: null, https: null })).toBeNull();
  });

  it('accepts the address the receiver is bound to, but not any address when it listens on all', () => {
    expect(inboxSlugAt('http://192.168.1.5:7780/orders', listening('192.168.1.5'))).toBe('orders');
    expect(inboxSlugAt('http://192.168.1.5:7780/orders', listening('0.0.0.0'))).toBeNull();
    expect(inboxSlugAt('http://localhost:7780/orders', listening('0.0.0.0'))).toBe('orders');
  });
});
