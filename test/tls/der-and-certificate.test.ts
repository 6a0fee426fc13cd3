import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as der from '../../emulator/tls/der.js';
import { generateSelfSignedCertificate } from '../../emulator/tls/self-signed.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER encoding', () => {
  it('encodes short and long lengths', () => {
    expect(hex(der.octetString(Buffer.alloc(3)))).toBe('0403000000');
    expect(hex(der.octetString(Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8');
    expect(hex(der.octetString(Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
  });

  it('encodes object identifiers with base-128 arcs', () => {
    // ecdsa-with-SHA256 and subjectAltName, as openssl asn1parse shows them
    expect(hex(der.objectIdentifier('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(der.objectIdentifier('2.5.29.17'))).toBe('0603551d11');
  });

  it('encodes unsigned integers minimally and positive', () => {
    expect(hex(der.unsignedInteger(Buffer.from([0, 0, 5])))).toBe('020105');
    expect(hex(der.unsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    expect(hex(der.unsignedInteger(Buffer.from([0])))).toBe('020100');
  });

  it('uses UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(der.time(new Date('2026-12-02T01:02:03Z')).toString('latin1')).toBe('\x17\x0d261202010203Z');
    expect(der.time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});

describe('the self-signed certificate', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  const pair = generateSelfSignedCertificate({ now });
  const cert = new X509Certificate(pair.cert);

  it('is signed by its own key, which is the private key returned', () => {
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.subject).toBe('CN=antom-sandbox localhost');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(true);
  });

  it('names localhost and both loopback addresses', () => {
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.com')).toBeUndefined();
  });

  it('is valid from an hour before now for 825 days', () => {
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-12-01T23:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe(new Date(now.getTime() + 825 * 86_400_000).toISOString());
  });

  it('takes extra names and a fresh serial each time', () => {
    const other = new X509Certificate(generateSelfSignedCertificate({ now, extraNames: ['sandbox', '10.0.0.7'] }).cert);
    expect(other.subjectAltName).toContain('DNS:sandbox');
    expect(other.subjectAltName).toContain('IP Address:10.0.0.7');
    expect(other.serialNumber).not.toBe(cert.serialNumber);
  });
});
