import type { SchemeId } from '../../shared/signing';
import { custom } from './custom';
import { exavault } from './exavault';
import { github } from './github';
import { mftplus } from './mftplus';
import { sftptogo } from './sftptogo';
import { standardWebhooks } from './standard-webhooks';
import { stripe } from './stripe';
import type { SchemeImpl } from './types';

export const IMPLS: Record<SchemeId, SchemeImpl> = {
  'standard-webhooks': standardWebhooks,
  github,
  stripe,
  sftptogo,
  mftplus,
  exavault,
  custom,
};

/** The fixed schemes, for "did you mean another scheme?" checks. */
export const BUILT_IN: SchemeImpl[] = Object.values(IMPLS).filter((impl) => impl.id !== 'custom');
