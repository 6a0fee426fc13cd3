import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, type SandboxConfig } from '../config.js';
import { TLS_SENTENCES } from '../startup-errors.js';
import { generateSelfSignedCertificate, type CertificatePair } from './self-signed.js';

const CERT_FILE = 'tls-cert.pem';
const KEY_FILE = 'tls-key.pem';
// renewed a week before it runs out, so a long-lived data directory never serves an expired one
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

/**
 * The certificate and key for --tls: the given --tls-cert/--tls-key, else a self-signed pair
 * kept beside the SQLite file (so clients that trust it once keep trusting it across restarts),
 * or only in memory for ':memory:'. Certificates are about real time, not the virtual clock.
 */
export function resolveTlsMaterial(config: Pick<SandboxConfig, 'tls' | 'tlsCert' | 'tlsKey' | 'data'>, now = new Date()): CertificatePair | undefined {
  if (!config.tls) return undefined;
  if (config.tlsCert && config.tlsKey) return checked(config.tlsCert, config.tlsKey);
  if (config.data === ':memory:') return generateSelfSignedCertificate({ now });
  const dir = dirname(config.data);
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const stored = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
    if (stillValid(stored.cert, now)) return stored;
  }
  const fresh = generateSelfSignedCertificate({ now });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, fresh.key, { mode: 0o600 });
  writeFileSync(certFile, fresh.cert);
  return fresh;
}

/** a bad file fails start-up with a sentence naming the flag, not a TLS stack trace */
function checked(cert: string, key: string): CertificatePair {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new ConfigError(TLS_SENTENCES.notCertificate);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new ConfigError(TLS_SENTENCES.notKey);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new ConfigError(TLS_SENTENCES.mismatch);
  return { cert, key };
}

function stillValid(pem: string, now: Date): boolean {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

export const SELF_SIGNED_FILES = { cert: CERT_FILE, key: KEY_FILE };
