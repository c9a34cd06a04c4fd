import { HookbenchError } from '../../shared/errors';
import { requireSignableCustom } from './custom';
import { tokenFor } from './compute';
import { IMPLS } from './registry';
import type { SignContext, SignInput, SignResult } from './types';

/**
 * Signs a body. secrets[0] is the current secret; where the scheme carries several signatures,
 * each further secret (rotation overlap) adds one. Throws HookbenchError for unusable settings.
 */
export function sign(input: SignInput): SignResult {
  const impl = IMPLS[input.scheme];
  const custom = input.scheme === 'custom' ? requireSignableCustom(input.custom) : input.custom;
  if (input.secrets.length === 0) {
    throw new HookbenchError('invalid_input', 'Add a signing secret before sending signed webhooks.');
  }
  if (!Number.isFinite(input.timestamp) || input.timestamp < 0) {
    throw new HookbenchError('invalid_input', 'The signing timestamp must be a Unix time in seconds.');
  }
  const ctx: SignContext = { body: input.body, id: input.id, timestamp: Math.floor(input.timestamp), custom };
  const secrets = impl.multiple ? input.secrets : input.secrets.slice(0, 1);
  const values = secrets.map((secret) => tokenFor(impl, impl.key(secret), ctx));
  return { headers: impl.headers(values, ctx), signedContent: impl.display(ctx) };
}
