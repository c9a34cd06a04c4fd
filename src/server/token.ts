import crypto from 'node:crypto';
import { getMeta, setMeta, type Db } from '../core/store/database';

const KEY = 'serve.token';

/** The API token: the one given on the command line, else the one kept in the store, else a new one. */
export function resolveToken(db: Db, given?: string): string {
  if (given) return given;
  const kept = getMeta(db, KEY);
  if (kept) return kept;
  const token = crypto.randomBytes(24).toString('base64url');
  setMeta(db, KEY, token);
  return token;
}
