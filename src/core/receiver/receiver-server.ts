import type { ServerResponse } from 'node:http';
import type { Settings } from '../../shared/contract/settings';
import type { ReceiverStatus } from '../../shared/receiver';
import type { CoreContext } from '../context';
import { loadOrCreateCertificate, type Certificate } from './certificate';
import { applyLive, baseUrl, bindAll, closeBound, type Bound, type ListenConfig } from './listeners';
import type { createRequestHandler } from './request-handler';

type Handler = ReturnType<typeof createRequestHandler>;

const rebindKey = (c: ListenConfig) => JSON.stringify([c.host, c.port, c.https?.port ?? null, c.maxHeaderBytes]);

/**
 * The receiver's listeners and their life: bound at start from the settings (or the host's port
 * overrides), rebound when the user changes where it listens — through a settings guard, so a
 * port that is taken refuses the change and the running listener stays as it was.
 */
export class ReceiverServer {
  private http: Bound | null = null;
  private https: Bound | null = null;
  private current: ListenConfig | null = null;
  private cert: Certificate | null = null;
  private error: string | null = null;
  private paused = false;
  /** The host's port overrides apply until the user picks a port in Settings. */
  private portOverride: number | undefined;
  private httpsPortOverride: number | undefined;
  counters = { captured: 0, rejected: 0 };
  readonly hung = new Set<ServerResponse>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly handler: Handler,
    private readonly onChange: () => void,
  ) {
    this.portOverride = ctx.options.ports?.receiver;
    this.httpsPortOverride = ctx.options.ports?.receiverHttps;
    ctx.settings.addGuard((next, prev) => this.guard(next, prev));
  }

  private async config(s: Settings): Promise<ListenConfig> {
    if (s.receiverHttps && !this.cert) this.cert = await loadOrCreateCertificate(this.ctx.dataDir);
    return {
      host: s.receiverListenAll ? '0.0.0.0' : '127.0.0.1',
      port: this.portOverride ?? s.receiverPort,
      https: s.receiverHttps && this.cert ? { port: this.httpsPortOverride ?? s.receiverHttpsPort, key: this.cert.key, cert: this.cert.cert } : null,
      maxHeaderBytes: s.receiverMaxHeaderBytes,
      headersTimeoutMs: s.receiverHeadersTimeoutMs,
      requestTimeoutMs: s.receiverRequestTimeoutMs,
      maxConnections: s.receiverMaxConnections,
    };
  }

  async start(): Promise<void> {
    const cfg = await this.config(this.ctx.settings.get());
    try {
      const b = await bindAll(cfg, this.handler);
      this.http = b.http;
      this.https = b.https;
      this.current = cfg;
      this.error = null;
    } catch (err) {
      // The app still starts; the status says why the receiver is not running.
      this.error = (err as Error).message;
      this.ctx.logger.error('receiver: not listening', { error: this.error });
    }
  }

  private async guard(next: Settings, prev: Settings): Promise<void> {
    if (next.receiverPort !== prev.receiverPort) this.portOverride = undefined;
    if (next.receiverHttpsPort !== prev.receiverHttpsPort) this.httpsPortOverride = undefined;
    if (this.paused) return; // nothing is bound; resuming binds with the settings of that moment
    const cfg = await this.config(next);
    if (this.current && rebindKey(cfg) === rebindKey(this.current)) {
      applyLive(this.http, cfg);
      applyLive(this.https, cfg);
      this.current = cfg;
      return;
    }
    await this.rebind(cfg);
  }

  private async rebind(cfg: ListenConfig): Promise<void> {
    const old = { http: this.http, https: this.https };
    const samePort = (a: Bound | null, port: number | undefined) => a !== null && port !== undefined && port !== 0 && a.port === port;
    const clash = samePort(old.http, cfg.port) || samePort(old.https, cfg.https?.port) || samePort(old.http, cfg.https?.port) || samePort(old.https, cfg.port);
    if (!clash) {
      // Bind the new listeners first: if that fails the old ones keep running untouched.
      const b = await bindAll(cfg, this.handler);
      this.http = b.http;
      this.https = b.https;
      this.current = cfg;
      this.error = null;
      await Promise.all([closeBound(old.http), closeBound(old.https)]);
    } else {
      // Same port (interface or header limit changed): the old listener must go first.
      await Promise.all([closeBound(old.http, 200), closeBound(old.https, 200)]);
      try {
        const b = await bindAll(cfg, this.handler);
        this.http = b.http;
        this.https = b.https;
        this.current = cfg;
        this.error = null;
      } catch (err) {
        const prev = this.current;
        this.http = this.https = null;
        if (prev) {
          const b = await bindAll(prev, this.handler).catch(() => null);
          if (b) ({ http: this.http, https: this.https } = b);
        }
        throw err;
      }
    }
    this.onChange();
  }

  /** Closes the listeners (requests in progress get half a second) or binds them again. */
  async setPaused(paused: boolean): Promise<void> {
    if (paused === this.paused) return;
    if (paused) {
      this.paused = true;
      for (const res of this.hung) res.destroy();
      this.hung.clear();
      await Promise.all([closeBound(this.http, 500), closeBound(this.https, 500)]);
      this.http = this.https = null;
      this.current = null;
      this.error = null;
    } else {
      this.paused = false;
      await this.start();
    }
    this.onChange();
  }

  status(autoCreate: boolean): ReceiverStatus {
    const http = this.http ? { host: this.http.host, port: this.http.port, baseUrl: baseUrl(this.http, 'http') } : null;
    const https = this.https ? { host: this.https.host, port: this.https.port, baseUrl: baseUrl(this.https, 'https') } : null;
    const open = (this.http?.sockets.size ?? 0) + (this.https?.sockets.size ?? 0);
    return {
      running: http !== null,
      paused: this.paused,
      http,
      https,
      baseUrls: [http?.baseUrl, https?.baseUrl].filter((u): u is string => !!u),
      listenAll: this.current?.host === '0.0.0.0',
      autoCreateInboxes: autoCreate,
      certificateFingerprint: this.https && this.cert ? this.cert.fingerprint256 : null,
      certificatePath: this.https && this.cert ? this.cert.certPath : null,
      openConnections: open,
      capturedSinceStart: this.counters.captured,
      rejectedSinceStart: this.counters.rejected,
      error: this.error,
    };
  }

  baseUrl(): string {
    return this.http ? baseUrl(this.http, 'http') : `http://127.0.0.1:${this.ctx.settings.get().receiverPort}`;
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await Promise.all([closeBound(this.http, 500), closeBound(this.https, 500)]);
    this.http = this.https = null;
  }
}
