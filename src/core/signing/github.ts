import { bodyHmacScheme } from './body-hmac';

/** GitHub: HMAC-SHA256 of the raw body with the secret as UTF-8, "sha256=<hex>". */
export const github = bodyHmacScheme({
  id: 'github',
  header: 'X-Hub-Signature-256',
  prefix: 'sha256=',
  encoding: 'hex',
});
