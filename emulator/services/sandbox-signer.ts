import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { buildSignedText, exportPublicKey, formatSignatureHeader, signTextAsync } from '../../protocol/index.js';

/** The sandbox's own key: signs responses and notifications (protocol §2). */
export class SandboxSigner {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly publicKeyBase64: string;

  constructor(privateKey: KeyObject) {
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    const exported = exportPublicKey(this.publicKey);
    this.publicKeyPem = exported.pem;
    this.publicKeyBase64 = exported.base64;
  }

  /** Returns the value of the `signature` header; signing runs on the libuv pool. */
  async signatureHeader(parts: { method: string; path: string; clientId: string; time: string; body: string | Buffer }): Promise<string> {
    return formatSignatureHeader(await signTextAsync(buildSignedText(parts), this.privateKey));
  }
}
