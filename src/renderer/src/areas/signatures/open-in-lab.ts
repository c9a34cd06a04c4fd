import type { CustomScheme, SchemeId } from '../../../../shared/signing';
import { useStore } from '../../store';

export interface OpenInLabInput {
  /** The body exactly as received: UTF-8 text, or base64 when `bodyEncoding` is 'base64'. */
  body: string;
  bodyEncoding?: 'utf8' | 'base64';
  /** Header pairs in arrival order, or a "Name: value" block. */
  headers: [string, string][] | string;
  /** The inbox's scheme, when it has one; the lab keeps its current scheme otherwise. */
  scheme?: SchemeId;
  /** When the request was received (Unix ms): the lab verifies the timestamp against it. */
  receivedAt?: number;
  /** The inbox's verification secrets, custom settings and tolerance: the lab checks with them. */
  secrets?: string[];
  custom?: CustomScheme;
  toleranceSeconds?: number;
}

/**
 * "Verify in lab": hands a captured request to the Signature lab's Verify mode and opens it.
 * With the inbox's secrets (and custom scheme settings), the lab checks exactly as the inbox did;
 * without them, the secrets already in the lab are kept.
 */
export function openInSignatureLab(input: OpenInLabInput): void {
  const s = useStore.getState();
  const headers =
    typeof input.headers === 'string'
      ? input.headers
      : input.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
  s.labDraftOpened({
    body: input.body,
    bodyEncoding: input.bodyEncoding,
    headers,
    scheme: input.scheme,
    secrets: input.secrets,
    custom: input.custom,
    toleranceSeconds: input.toleranceSeconds,
    at: input.receivedAt === undefined ? null : Math.floor(input.receivedAt / 1000),
  });
  s.navigate('signatures');
}
