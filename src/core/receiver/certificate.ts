import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint256: string;
  certPath: string;
}

/**
 * The receiver's self-signed certificate (localhost, 127.0.0.1, ::1), generated once and kept in
 * the data directory so clients can pin or trust it across restarts. Regenerated when missing,
 * unreadable or expired.
 */
export async function loadOrCreateCertificate(dataDir: string): Promise<Certificate> {
  const certPath = path.join(dataDir, 'receiver-cert.pem');
  const keyPath = path.join(dataDir, 'receiver-key.pem');
  try {
    const cert = fs.readFileSync(certPath, 'utf8');
    const key = fs.readFileSync(keyPath, 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    if (new Date(x509.validTo).getTime() > Date.now() + 86_400_000 && x509.checkPrivateKey(crypto.createPrivateKey(key))) {
      return { key, cert, fingerprint256: x509.fingerprint256, certPath };
    }
  } catch {
    // Missing or damaged: make a new one.
  }
  const made = await generate([{ name: 'commonName', value: 'Hookbench local receiver' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  fs.writeFileSync(keyPath, made.private, { mode: 0o600 });
  fs.writeFileSync(certPath, made.cert, { mode: 0o644 });
  return { key: made.private, cert: made.cert, fingerprint256: new crypto.X509Certificate(made.cert).fingerprint256, certPath };
}
