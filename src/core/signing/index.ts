/**
 * Signing and verification for every scheme Hookbench speaks; used by the dispatcher (sign),
 * the receiver (verify) and the Signature lab (service).
 */
export { sign } from './sign';
export { verify, DEFAULT_TOLERANCE_SECONDS } from './verify';
export { diagnose } from './diagnose';
export { generateSecret } from './secret';
export type { HeaderList, SignInput, SignResult, VerifyInput } from './types';
