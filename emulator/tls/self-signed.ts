import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4 } from 'node:net';
import * as der from './der.js';

export interface CertificatePair {
  /** PEM certificate */
  cert: string;
  /** PEM private key (PKCS#8) */
  key: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

const DAY_MS = 24 * 3600_000;

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // expand "::" and read eight 16-bit groups
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : ip.split(':');
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

const name = (commonName: string) => der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))));
const extension = (oid: string, critical: boolean, value: Buffer) =>
  der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

/**
 * A self-signed ECDSA P-256 server certificate for --tls without --tls-cert/--tls-key, valid
 * for `days` (825 by default: the longest a browser accepts) for localhost and the loopback
 * addresses plus `extraNames`. It is its own CA (basicConstraints CA:true), so clients can trust
 * it by passing it as their CA, as with `openssl req -x509`.
 */
export function generateSelfSignedCertificate(options: { now: Date; days?: number; extraNames?: string[] }): CertificatePair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = buildCertificate(publicKey, privateKey, options);
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

function buildCertificate(publicKey: KeyObject, privateKey: KeyObject, options: { now: Date; days?: number; extraNames?: string[] }): Buffer {
  const names = ['localhost', '127.0.0.1', '::1', ...(options.extraNames ?? [])];
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  // an hour back, for clocks a little behind this one
  const notBefore = new Date(options.now.getTime() - 3600_000);
  const notAfter = new Date(options.now.getTime() + (options.days ?? 825) * DAY_MS);
  const altNames = names.map((n) => (isIPv4(n) || n.includes(':') ? der.implicit(7, ipBytes(n)) : der.implicit(2, Buffer.from(n, 'ascii'))));
  // the key identifier as RFC 5280 §4.2.1.2 method 1 (SHA-1 of the key bits): an identifier, not security
  const keyId = createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    name('antom-sandbox localhost'),
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name('antom-sandbox localhost'),
    spki,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
        extension(OID.extendedKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
        extension(OID.subjectAltName, false, der.sequence(...altNames)),
      ),
    ),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  return der.sequence(tbs, algorithm, der.bitString(signature));
}
