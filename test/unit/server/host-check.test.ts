import { describe, expect, it } from 'vitest';
import { createHostCheck } from '../../../src/server/host-check';

const PORT = 4717;
const check = (bindHost: string, allowedHosts?: string[]) =>
  createHostCheck({ bindHost, port: () => PORT, allowedHosts });

describe('Host header check (DNS rebinding guard)', () => {
  it('on a loopback bind accepts only our own names, on our port', () => {
    const ok = check('127.0.0.1');
    for (const h of [`localhost:${PORT}`, `LOCALHOST:${PORT}`, `127.0.0.1:${PORT}`, `[::1]:${PORT}`])
      expect(ok(h), h).toBe(true);
    for (const h of [
      `evil.example:${PORT}`,
      `192.168.1.5:${PORT}`,
      `10.0.0.1:${PORT}`,
      `[fe80::1]:${PORT}`,
      `localhost:${PORT + 1}`,
      'localhost',
      `127.0.0.1:${PORT}0`,
    ]) {
      expect(ok(h), h).toBe(false);
    }
  });

  it('refuses a missing, empty or unparseable Host', () => {
    const ok = check('127.0.0.1');
    expect(ok(undefined)).toBe(false);
    expect(ok('')).toBe(false);
    expect(ok('exa mple:1')).toBe(false);
    expect(ok(`[::1:${PORT}`)).toBe(false);
  });

  it('treats a Host without a port as port 80', () => {
    const on80 = createHostCheck({ bindHost: '127.0.0.1', port: () => 80 });
    expect(on80('localhost')).toBe(true);
    expect(on80('localhost:80')).toBe(true);
    expect(on80('localhost:8080')).toBe(false);
    expect(check('127.0.0.1')('localhost')).toBe(false);
  });

  it('accepts the loopback names whatever the bind name', () => {
    for (const h of [`127.0.0.1:${PORT}`, `[::1]:${PORT}`, `localhost:${PORT}`])
      expect(check('localhost')(h), h).toBe(true);
  });

  it('accepts the bind address itself, whatever its case', () => {
    expect(check('MyBox.local')(`mybox.local:${PORT}`)).toBe(true);
    expect(check('192.168.1.5')(`192.168.1.5:${PORT}`)).toBe(true);
    expect(check('192.168.1.5')(`192.168.1.6:${PORT}`)).toBe(false);
  });

  it('on a wildcard bind (0.0.0.0 or ::) accepts any IP literal, but still no foreign name', () => {
    for (const bind of ['0.0.0.0', '::']) {
      const ok = check(bind);
      expect(ok(`192.168.1.5:${PORT}`), bind).toBe(true);
      expect(ok(`[fe80::1]:${PORT}`), bind).toBe(true);
      expect(ok(`evil.example:${PORT}`), bind).toBe(false);
      expect(ok(`192.168.1.5:${PORT + 1}`), bind).toBe(false);
    }
    // A specific non-loopback bind is not a wildcard.
    expect(check('192.168.1.5')(`10.0.0.1:${PORT}`)).toBe(false);
  });

  it('accepts names the user allowed, case-insensitively, and only those', () => {
    const ok = check('0.0.0.0', ['Dev.Example']);
    expect(ok(`dev.example:${PORT}`)).toBe(true);
    expect(ok(`DEV.EXAMPLE:${PORT}`)).toBe(true);
    expect(ok(`other.example:${PORT}`)).toBe(false);
  });
});
