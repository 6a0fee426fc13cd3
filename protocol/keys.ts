import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Keys as merchants hold them (protocol §2): PEM, or bare base64 of PKCS#8 / PKCS#1 private
 * keys and SPKI (or PKCS#1) public keys. Each is parsed once into a KeyObject: signing with a
 * PEM string on every call is several times slower.
 */
export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}

function bareBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

export function loadPrivateKey(text: string | Buffer | KeyObject): KeyObject {
  if (typeof text === 'object' && 'type' in text && !Buffer.isBuffer(text)) {
    if (text.type !== 'private') throw new KeyFormatError('Expected a private key, got a public one.');
    return text;
  }
  const source = String(text).trim();
  if (source.includes('-----BEGIN')) {
    try {
      return createPrivateKey(source);
    } catch (error) {
      throw new KeyFormatError(`Cannot read the PEM private key: ${(error as Error).message}`);
    }
  }
  const der = bareBase64(source);
  if (!der) throw new KeyFormatError('A private key must be PEM or bare base64 (PKCS#8 or PKCS#1).');
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw new KeyFormatError('The base64 text is neither a PKCS#8 nor a PKCS#1 RSA private key.');
}

export function loadPublicKey(text: string | Buffer | KeyObject): KeyObject {
  if (typeof text === 'object' && 'type' in text && !Buffer.isBuffer(text)) {
    return text.type === 'public' ? text : createPublicKey(text);
  }
  const source = String(text).trim();
  if (source.includes('-----BEGIN')) {
    try {
      return createPublicKey(source);
    } catch (error) {
      throw new KeyFormatError(`Cannot read the PEM public key: ${(error as Error).message}`);
    }
  }
  const der = bareBase64(source);
  if (!der) throw new KeyFormatError('A public key must be PEM or bare base64 (SPKI or PKCS#1).');
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  // a merchant may paste its private key by mistake; derive the public half rather than fail
  try {
    return createPublicKey(loadPrivateKey(source));
  } catch {
    throw new KeyFormatError('The base64 text is not an SPKI or PKCS#1 RSA public key.');
  }
}

/** The public key as merchants configure it: PEM and bare base64 (SPKI DER). */
export function exportPublicKey(key: KeyObject): { pem: string; base64: string } {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return {
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    base64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** One RSA private key in each form an official SDK may want (fixtures/keys/README.md). */
export interface PrivateKeyForms {
  pkcs8Pem: string;
  pkcs1Pem: string;
  /** bare base64 of the PKCS#8 DER: Java, Go and .NET take this */
  pkcs8Base64: string;
  /** bare base64 of the PKCS#1 DER: Python and PHP wrap it in `BEGIN RSA PRIVATE KEY` */
  pkcs1Base64: string;
}

export function privateKeyForms(key: KeyObject): PrivateKeyForms {
  if (key.type !== 'private') throw new KeyFormatError('Expected a private key, got a public one.');
  return {
    pkcs8Pem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    pkcs1Pem: key.export({ format: 'pem', type: 'pkcs1' }).toString(),
    pkcs8Base64: key.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    pkcs1Base64: key.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  };
}
