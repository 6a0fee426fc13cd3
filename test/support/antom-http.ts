import { request, type Dispatcher } from 'undici';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey } from './keys.js';
import { signLikeAnSdk } from './independent-verifier.js';

/** A signed Antom call to any sandbox URL (a spawned CLI, a container); `dispatcher` e.g. trusts a --tls certificate. */
export async function signedCall(baseUrl: string, api: string, body: unknown, clientId = DEMO_CLIENT_ID, dispatcher?: Dispatcher): Promise<any> {
  const path = `/ams/api/v1/payments/${api}`;
  const text = JSON.stringify(body);
  const time = String(Date.now());
  const response = await request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': clientId,
      'request-time': time,
      signature: signLikeAnSdk({ path, clientId, time, body: text, privateKey: demoMerchantPrivateKey }),
    },
    body: text,
    ...(dispatcher ? { dispatcher } : {}),
  });
  return response.body.json();
}

export async function controlCall(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown, dispatcher?: Dispatcher): Promise<any> {
  const response = await request(`${baseUrl}/_sandbox/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...(dispatcher ? { dispatcher } : {}),
  });
  return response.body.json();
}
