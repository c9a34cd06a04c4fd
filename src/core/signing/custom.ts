import type { CustomScheme } from '../../shared/signing';
import { HookbenchError } from '../../shared/errors';
import {
  displayParts,
  hmac,
  joinContent,
  nonEmptySecret,
  parseUnixSeconds,
  short,
  utf8Key,
} from './primitives';
import type { ParseResult, SchemeImpl, SignContext } from './types';

export function requireCustom(custom: CustomScheme | undefined): CustomScheme {
  if (!custom) {
    throw new HookbenchError(
      'invalid_input',
      'The custom scheme needs its settings: at least the signature header name.',
    );
  }
  return custom;
}

/**
 * A custom scheme that signs {id} or {timestamp} must also send them in a header, or no receiver
 * can rebuild the signed content: refuse to sign with such settings.
 */
export function requireSignableCustom(custom: CustomScheme | undefined): CustomScheme {
  const c = requireCustom(custom);
  if (uses(c, 'id') && !c.idHeader) {
    throw new HookbenchError(
      'invalid_input',
      'The template signs {id}: set the ID header that carries it, or remove {id} from the template.',
    );
  }
  if (uses(c, 'timestamp') && !c.timestampHeader) {
    throw new HookbenchError(
      'invalid_input',
      'The template signs {timestamp}: set the timestamp header that carries it, or remove {timestamp} from the template.',
    );
  }
  return c;
}

const uses = (custom: CustomScheme, placeholder: 'id' | 'timestamp'): boolean =>
  custom.template.includes(`{${placeholder}}`);

/** The template with {id}, {timestamp} and {body} replaced; the body stays raw bytes. */
function parts(ctx: SignContext): (string | Buffer)[] {
  const { template } = requireCustom(ctx.custom);
  return template
    .split(/(\{id\}|\{timestamp\}|\{body\})/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      if (piece === '{id}') return ctx.id;
      if (piece === '{timestamp}') return String(ctx.timestamp);
      if (piece === '{body}') return ctx.body;
      return piece;
    });
}

function parse(custom: CustomScheme, headers: Parameters<SchemeImpl['parse']>[0]): ParseResult {
  const received = headers.all(custom.header);
  if (received.length === 0) return { kind: 'unsigned', header: custom.header };
  if (received.every((v) => v === '')) {
    return { kind: 'malformed', reason: `The ${custom.header} header is present but empty.`, received };
  }
  let id = '';
  if (uses(custom, 'id')) {
    if (!custom.idHeader) {
      return {
        kind: 'malformed',
        reason: 'The template signs {id}, but no ID header is configured to read it from.',
        received,
      };
    }
    const value = headers.first(custom.idHeader);
    if (value === undefined) {
      return {
        kind: 'malformed',
        reason: `The ${custom.idHeader} header is missing, and it is part of the signed content.`,
        received,
      };
    }
    id = value;
  } else if (custom.idHeader) {
    id = headers.first(custom.idHeader) ?? '';
  }
  const timestampSigned = uses(custom, 'timestamp');
  if (timestampSigned && !custom.timestampHeader) {
    return {
      kind: 'malformed',
      reason: 'The template signs {timestamp}, but no timestamp header is configured to read it from.',
      received,
    };
  }
  const rawTimestamp = custom.timestampHeader ? headers.first(custom.timestampHeader) : undefined;
  const timestamp = parseUnixSeconds(rawTimestamp);
  if (timestampSigned && timestamp === undefined) {
    const reason =
      rawTimestamp === undefined
        ? `The ${custom.timestampHeader} header is missing, and it is part of the signed content.`
        : `The ${custom.timestampHeader} header "${short(rawTimestamp)}" is not a Unix time in seconds.`;
    return { kind: 'malformed', reason, received };
  }
  return { kind: 'ok', value: { received, id, timestamp, timestampSigned } };
}

/** A user-defined HMAC: any header, optional prefix, a template of {id}/{timestamp}/{body}. */
export const custom: SchemeImpl = {
  id: 'custom',
  multiple: false,
  shape: (config) => {
    const { header, prefix, encoding } = requireCustom(config);
    return { header, prefix, encoding };
  },
  key: (secret) => utf8Key(nonEmptySecret(secret)),
  content: (ctx) => joinContent(parts(ctx)),
  display: (ctx) => displayParts(parts(ctx)),
  digest: (key, content, config) => hmac(requireCustom(config).algorithm, key, content),
  headers: (values, ctx) => {
    const config = requireCustom(ctx.custom);
    const extra: [string, string][] = [];
    if (config.idHeader) extra.push([config.idHeader, ctx.id]);
    if (config.timestampHeader) extra.push([config.timestampHeader, String(ctx.timestamp)]);
    return [...extra, [config.header, values[0]]];
  },
  parse: (headers, config) => parse(requireCustom(config), headers),
};
