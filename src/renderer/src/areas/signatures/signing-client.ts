import type {
  SigningSignInput,
  SigningSignOutput,
  SigningVerifyInput,
} from '../../../../shared/contract/signing';
import type { SchemeId, VerifyReport } from '../../../../shared/signing';
import { api } from '../../lib/api';

/** The Signature lab's calls: signing.verify, signing.sign and signing.generateSecret. */
export const signing = {
  verify: (input: SigningVerifyInput): Promise<VerifyReport> => api.signing.verify(input),
  sign: (input: SigningSignInput): Promise<SigningSignOutput> => api.signing.sign(input),
  generateSecret: (scheme: SchemeId): Promise<string> =>
    api.signing.generateSecret({ scheme }).then((r) => r.secret),
};
