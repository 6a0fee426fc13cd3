import { createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * A verifier and signer written here, independent of protocol/signing.ts, the way an SDK
 * does it: lower-case headers, the signature taken as the third comma-separated item.
 */
export function verifyLikeAnSdk(input: {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  publicKey: KeyObject;
  timeHeader?: 'response-time' | 'request-time';
}): { ok: boolean; reason?: string } {
  const get = (name: string) => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const clientId = get('client-id');
  const time = get(input.timeHeader ?? 'response-time');
  const signatureHeader = get('signature');
  if (clientId === undefined || !time || !signatureHeader) return { ok: false, reason: 'missing lower-case headers' };
  const third = signatureHeader.split(',')[2];
  if (!third?.startsWith('signature=')) return { ok: false, reason: `third item is not signature=: ${signatureHeader}` };
  const signature = decodeURIComponent(third.slice('signature='.length));
  const text = `${input.method} ${input.path}\n${clientId}.${time}.${input.body}`;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(text, 'utf8');
  return verifier.verify(input.publicKey, signature, 'base64') ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

export function signLikeAnSdk(input: { method?: string; path: string; clientId: string; time: string; body: string; privateKey: KeyObject }): string {
  const signer = createSign('RSA-SHA256');
  signer.update(`${input.method ?? 'POST'} ${input.path}\n${input.clientId}.${input.time}.${input.body}`, 'utf8');
  return `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signer.sign(input.privateKey, 'base64'))}`;
}
