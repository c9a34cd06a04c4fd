import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BodyEncoding, HeadersInput, signingMethods } from '../../shared/contract/signing';
import { HookbenchError } from '../../shared/errors';
import { parseHeaderBlock, SCHEMES } from '../../shared/signing';
import type { Clock } from '../util/clock';
import { isBase64 } from './primitives';
import { generateSecret, sign, verify } from './index';
import type { HeaderList } from './types';

type Methods = typeof signingMethods;
type Input<K extends keyof Methods> = z.output<Methods[K]['input']>;
type Output<K extends keyof Methods> = z.output<Methods[K]['output']>;

export type SigningService = { [K in keyof Methods]: (input: Input<K>) => Output<K> };

export function decodeBody(body: string, encoding: BodyEncoding = 'utf8'): Buffer {
  if (encoding === 'utf8') return Buffer.from(body, 'utf8');
  const compact = body.replace(/\s+/g, '');
  if (compact !== '' && !isBase64(compact)) {
    throw new HookbenchError(
      'invalid_input',
      'The body is marked as base64 but is not valid base64; fix it or send it as utf8.',
    );
  }
  return Buffer.from(compact, 'base64');
}

export function toHeaderList(headers: HeadersInput): HeaderList {
  if (typeof headers !== 'string') return headers;
  try {
    return parseHeaderBlock(headers);
  } catch (err) {
    throw new HookbenchError('invalid_input', err instanceof Error ? err.message : String(err));
  }
}

/** The Signature lab's methods: sign, verify, make secrets, list schemes. */
export function createSigningService({ clock }: { clock: Clock }): SigningService {
  const nowSeconds = (): number => Math.floor(clock.now() / 1000);
  return {
    'signing.verify': (input) =>
      verify({
        scheme: input.scheme,
        secrets: input.secrets,
        body: decodeBody(input.body, input.bodyEncoding),
        headers: toHeaderList(input.headers),
        now: input.now ?? nowSeconds(),
        toleranceSeconds: input.toleranceSeconds,
        custom: input.custom,
      }),
    'signing.sign': (input) => {
      const id = input.id ?? `msg_${randomUUID().replace(/-/g, '')}`;
      const timestamp = input.timestamp ?? nowSeconds();
      const signed = sign({
        scheme: input.scheme,
        secrets: input.secrets,
        body: decodeBody(input.body, input.bodyEncoding),
        id,
        timestamp,
        custom: input.custom,
      });
      return { ...signed, id, timestamp };
    },
    'signing.generateSecret': (input) => ({ secret: generateSecret(input.scheme) }),
    'signing.schemes': () => SCHEMES.map((s) => ({ ...s, headers: [...s.headers] })),
  };
}
