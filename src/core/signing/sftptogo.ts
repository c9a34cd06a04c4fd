import { bodyHmacScheme } from './body-hmac';

/** SFTP To Go (seed 000): X-Hub-Signature is the base64 HMAC-SHA256 of the body. */
export const sftptogo = bodyHmacScheme({
  id: 'sftptogo',
  header: 'X-Hub-Signature',
  prefix: '',
  encoding: 'base64',
});
