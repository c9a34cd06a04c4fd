import type { CustomScheme, DigestEncoding, SchemeId } from '../../shared/signing';

export type HeaderList = [string, string][];

export interface SignInput {
  scheme: SchemeId;
  /** secrets[0] is the current secret; the others are still valid during a rotation. */
  secrets: string[];
  body: Buffer;
  id: string;
  /** Unix seconds. */
  timestamp: number;
  custom?: CustomScheme;
}

export interface SignResult {
  headers: HeaderList;
  signedContent: string;
}

export interface VerifyInput {
  scheme: SchemeId;
  secrets: string[];
  body: Buffer;
  /** Raw headers in arrival order; names are matched case-insensitively. */
  headers: HeaderList;
  /** Unix seconds. */
  now: number;
  /** Allowed distance between the signed timestamp and now; 300 s unless given. */
  toleranceSeconds?: number;
  custom?: CustomScheme;
}

/** What goes into one signature: the parts a scheme may put in the signed content. */
export interface SignContext {
  body: Buffer;
  id: string;
  timestamp: number;
  custom?: CustomScheme;
}

/** How a signature value is written in its header: prefix + encoded digest. */
export interface TokenShape {
  header: string;
  prefix: string;
  encoding: DigestEncoding;
}

/** What a scheme found in a request's headers. */
export interface ParsedSignature {
  /** The signature values, each as written (prefix included). */
  received: string[];
  id: string;
  timestamp?: number;
  /** Whether the timestamp is part of the signed content (and so held to the tolerance). */
  timestampSigned: boolean;
}

export type ParseResult =
  | { kind: 'unsigned'; header: string }
  | { kind: 'malformed'; reason: string; received: string[] }
  | { kind: 'ok'; value: ParsedSignature };

export interface HeaderLookup {
  /** Every value of a header, in arrival order, trimmed. */
  all(name: string): string[];
  first(name: string): string | undefined;
}

/**
 * One scheme: mostly data plus three small functions. Everything generic (sign, verify,
 * diagnose) is written once against this shape.
 */
export interface SchemeImpl {
  readonly id: SchemeId;
  readonly multiple: boolean;
  shape(custom?: CustomScheme): TokenShape;
  /** The HMAC key (or MD5 prefix) for a secret; throws HookbenchError when the secret cannot be used. */
  key(secret: string): Buffer;
  /** The signed bytes, without the secret. */
  content(ctx: SignContext): Buffer;
  /** The readable form of the signed content (a secret inside it is shown as a placeholder). */
  display(ctx: SignContext): string;
  digest(key: Buffer, content: Buffer, custom?: CustomScheme): Buffer;
  /** All headers of a signed request, given the signature values (one per secret). */
  headers(values: string[], ctx: SignContext): HeaderList;
  parse(headers: HeaderLookup, custom?: CustomScheme): ParseResult;
}
