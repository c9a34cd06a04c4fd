import { randomUUID } from 'node:crypto';
import {
  EndpointFields,
  type Endpoint,
  type EndpointUpdated,
  type EndpointWithSecret,
  type SigningInput,
} from '../../shared/dispatcher';
import { HookbenchError, notFound } from '../../shared/errors';
import { templateProblem } from '../../shared/templates';
import { CustomScheme, schemeInfo, secretHint, type SchemeId } from '../../shared/signing';
import type { MethodParsedInput } from '../../shared/contract';
import { generateSecret, sign } from '../signing';
import type { Clock } from '../util/clock';
import type { DeliveryEngine } from './engine';
import type { EndpointRecord, EndpointStore } from './endpoint-store';
import { RESERVED_HEADERS } from './request-headers';
import { checkEndpointUrl } from './url-rules';

export type EndpointChange =
  'created' | 'updated' | 'deleted' | 'paused' | 'resumed' | 'disabled' | 'reactivated' | 'secret-rotated';

/** Checks that a secret works with a scheme by signing an empty body once. */
function checkSecret(scheme: SchemeId, secret: string, custom: CustomScheme | undefined): void {
  try {
    sign({ scheme, secrets: [secret], body: Buffer.alloc(0), id: 'check', timestamp: 0, custom });
  } catch (err) {
    const msg = err instanceof HookbenchError ? err.message : (err as Error).message;
    throw new HookbenchError('invalid_input', msg, [{ path: ['signing'], message: msg }]);
  }
}

function checkFields(f: EndpointFields): void {
  checkEndpointUrl(f.url, f.allowPlainHttp);
  if (f.payloadTemplate) {
    const problem = templateProblem(f.payloadTemplate);
    if (problem) {
      throw new HookbenchError('invalid_input', `The payload template cannot be used: ${problem.message}. Fix it, then save again.`, [
        { path: ['payloadTemplate'], message: problem.message },
      ]);
    }
  }
  for (const h of f.headers) {
    if (RESERVED_HEADERS.has(h.name.toLowerCase())) {
      throw new HookbenchError(
        'invalid_input',
        `The header "${h.name}" is set by Hookbench's HTTP client and cannot be customised; remove it.`,
        [{ path: ['headers'], message: `${h.name} is reserved.` }],
      );
    }
  }
}

/** Endpoints: the in-memory registry the engine reads, kept in step with the store. */
export class EndpointService {
  private readonly byId = new Map<string, EndpointRecord>();

  constructor(
    private readonly store: EndpointStore,
    private readonly clock: Clock,
    private readonly engine: () => DeliveryEngine,
    private readonly changed: (id: string, change: EndpointChange, ep: Endpoint | null) => void,
  ) {
    for (const r of store.loadAll()) this.byId.set(r.id, r);
  }

  get(id: string): EndpointRecord | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<EndpointRecord> {
    return this.byId.values();
  }

  require(id: string): EndpointRecord {
    const ep = this.byId.get(id);
    if (!ep) throw notFound('Endpoint', id);
    return ep;
  }

  toApi(ep: EndpointRecord): Endpoint {
    return {
      ...ep.fields,
      id: ep.id,
      state: ep.state,
      disabledReason: ep.disabledReason,
      signing: {
        scheme: ep.scheme,
        ...(ep.custom ? { custom: ep.custom } : {}),
        secretHint: ep.secretHint,
        previousSecretExpiresAt: ep.previousSecret ? ep.previousSecretExpiresAt : null,
      },
      health: this.store.health(ep.id, ep.consecutiveFailures),
      createdAt: ep.createdAt,
      updatedAt: ep.updatedAt,
    };
  }

  private signingFor(input: SigningInput): { scheme: SchemeId; custom?: CustomScheme; secret: string } {
    const custom = input.custom ? CustomScheme.parse(input.custom) : undefined;
    if (input.scheme === 'custom' && !custom) {
      throw new HookbenchError(
        'invalid_input',
        'Custom signing needs signing.custom: at least the header that carries the signature.',
        [{ path: ['signing', 'custom'], message: 'Required for the custom scheme.' }],
      );
    }
    const secret = input.secret ?? generateSecret(input.scheme);
    checkSecret(input.scheme, secret, custom);
    return { scheme: input.scheme, custom, secret };
  }

  create(input: Omit<MethodParsedInput<'endpoints.create'>, 'verifyAtInbox'>): EndpointWithSecret {
    const { signing, ...rest } = input;
    const fields = EndpointFields.parse({ ...rest, topics: [...new Set(rest.topics)] });
    checkFields(fields);
    const s = this.signingFor(signing);
    const now = this.clock.now();
    const ep: EndpointRecord = {
      id: `ep_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      seq: this.store.nextSeq(),
      fields,
      scheme: s.scheme,
      custom: s.custom,
      secret: s.secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      secretHint: secretHint(s.secret),
      state: 'active',
      disabledReason: null,
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.store.save(ep);
    this.byId.set(ep.id, ep);
    const api = this.toApi(ep);
    this.changed(ep.id, 'created', api);
    return { ...api, secret: s.secret };
  }

  /** Changes the given fields; `secret` is set when a new scheme made a new secret (shown once). */
  update(input: Omit<MethodParsedInput<'endpoints.update'>, 'verifyAtInbox'>): EndpointUpdated {
    const ep = this.require(input.id);
    const { id: _id, signing, ...patch } = input;
    const fields = EndpointFields.parse({
      ...ep.fields,
      ...patch,
      ...(patch.topics ? { topics: [...new Set(patch.topics)] } : {}),
    });
    checkFields(fields);
    const next: EndpointRecord = { ...ep, fields };
    let generated: string | undefined;
    if (signing) {
      const scheme = signing.scheme ?? ep.scheme;
      const custom = signing.custom
        ? CustomScheme.parse(signing.custom)
        : scheme === 'custom'
          ? ep.custom
          : undefined;
      if (scheme === 'custom' && !custom) this.signingFor({ scheme, secret: signing.secret });
      // A new scheme without a secret of the user's gets a new secret made for it (shown once).
      const secret = signing.secret ?? (scheme !== ep.scheme ? (generated = generateSecret(scheme)) : undefined);
      if (secret) {
        checkSecret(scheme, secret, custom);
        Object.assign(next, {
          secret,
          secretHint: secretHint(secret),
          previousSecret: null,
          previousSecretExpiresAt: null,
        });
      } else {
        try {
          checkSecret(scheme, ep.secret, custom);
        } catch {
          throw new HookbenchError(
            'invalid_input',
            `The current secret cannot sign with these ${schemeInfo(scheme).label} settings. Give signing.secret as well.`,
            [{ path: ['signing', 'secret'], message: 'Needed for these settings.' }],
          );
        }
      }
      Object.assign(next, { scheme, custom });
    }
    next.updatedAt = this.clock.now();
    this.store.save(next);
    Object.assign(ep, next);
    this.engine().invalidate(ep);
    this.engine().poke(ep.id);
    const api = this.toApi(ep);
    this.changed(ep.id, 'updated', api);
    return generated ? { ...api, secret: generated } : api;
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    this.require(id);
    this.byId.delete(id);
    this.engine().forget(id);
    // On the writer connection, after any cycle already holding this endpoint's deliveries.
    await this.engine().exec([['DELETE FROM dispatch_endpoints WHERE id = ?', [id]]]);
    this.changed(id, 'deleted', null);
    return { id, deleted: true };
  }

  private setState(ep: EndpointRecord, state: EndpointRecord['state'], change: EndpointChange): Endpoint {
    ep.state = state;
    if (state !== 'disabled') ep.disabledReason = null;
    if (change === 'reactivated') ep.consecutiveFailures = 0;
    ep.updatedAt = this.clock.now();
    this.store.save(ep);
    if (state === 'active') this.engine().poke(ep.id);
    else this.engine().hold(ep.id);
    const api = this.toApi(ep);
    this.changed(ep.id, change, api);
    return api;
  }

  pause(id: string): Endpoint {
    const ep = this.require(id);
    if (ep.state === 'disabled')
      throw new HookbenchError(
        'conflict',
        `Endpoint "${ep.fields.name}" is disabled; reactivate it instead of pausing it.`,
      );
    return ep.state === 'paused' ? this.toApi(ep) : this.setState(ep, 'paused', 'paused');
  }

  resume(id: string): Endpoint {
    const ep = this.require(id);
    if (ep.state === 'disabled')
      throw new HookbenchError(
        'conflict',
        `Endpoint "${ep.fields.name}" is disabled (${ep.disabledReason ?? 'too many failures'}). Use reactivate.`,
      );
    return ep.state === 'active' ? this.toApi(ep) : this.setState(ep, 'active', 'resumed');
  }

  reactivate(id: string): Endpoint {
    const ep = this.require(id);
    if (ep.state !== 'disabled')
      return ep.state === 'paused' ? this.setState(ep, 'active', 'resumed') : this.toApi(ep);
    return this.setState(ep, 'active', 'reactivated');
  }

  /** A new secret; the old one keeps signing for the overlap where the scheme carries several signatures. */
  rotateSecret(id: string, overlapSeconds: number): EndpointWithSecret {
    const ep = this.require(id);
    const secret = generateSecret(ep.scheme);
    const now = this.clock.now();
    const overlap = schemeInfo(ep.scheme).multipleSignatures && overlapSeconds > 0;
    Object.assign(ep, {
      secret,
      secretHint: secretHint(secret),
      previousSecret: overlap ? ep.secret : null,
      previousSecretExpiresAt: overlap ? now + overlapSeconds * 1000 : null,
      updatedAt: now,
    });
    this.store.save(ep);
    const api = this.toApi(ep);
    this.changed(ep.id, 'secret-rotated', api);
    return { ...api, secret };
  }
}
