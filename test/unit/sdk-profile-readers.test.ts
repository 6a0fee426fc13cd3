import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawResponse } from '../support/sdk-raw-http.js';
import { SDK_PROFILES, type SdkName } from '../support/sdk-profiles.js';

/**
 * The constraints the profiles encode, on hand-written answers: what each SDK would fail to
 * read if the sandbox wrote its response headers differently (protocol §2).
 */
function response(lines: Array<[string, string]>): RawResponse {
  return {
    status: 200,
    headerLines: lines,
    headerBlock: ['HTTP/1.1 200 OK', ...lines.map(([n, v]) => `${n}: ${v}`)].join('\r\n'),
    body: '{}',
    header: (name) => lines.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
  };
}
const profile = (sdk: SdkName) => SDK_PROFILES.find((p) => p.sdk === sdk)!;
const SIG = 'ab%2Bc%2Fd%3D%3D';
const asSent = response([['client-id', 'C1'], ['response-time', 'T1'], ['signature', `algorithm=RSA256,keyVersion=1,signature=${SIG}`]]);

describe('how each SDK reads a response signature', () => {
  it.each(SDK_PROFILES.map((p) => p.sdk))('%s finds the signature, time and client id as the sandbox writes them', (sdk) => {
    const read = profile(sdk).readResponse(asSent, 'C1');
    expect(read).toEqual({ signature: SIG, time: 'T1', clientId: 'C1' });
    expect(profile(sdk).decodeSignature(read!.signature)).toBe('ab+c/d==');
  });

  it('Python finds the headers only in lower case; Java, Go and .NET in any case', () => {
    const capitalised = response([['Client-Id', 'C1'], ['Response-Time', 'T1'], ['Signature', `algorithm=RSA256,keyVersion=1,signature=${SIG}`]]);
    expect(profile('Python').readResponse(capitalised, 'C1')).toBeNull();
    for (const sdk of ['Java', 'Go', '.NET'] as const) expect(profile(sdk).readResponse(capitalised, 'C1')).not.toBeNull();
  });

  it('Java takes the third item only, so the order algorithm, keyVersion, signature matters', () => {
    const reordered = response([['response-time', 'T1'], ['signature', `signature=${SIG},algorithm=RSA256,keyVersion=1`]]);
    // Java would verify keyVersion's value as if it were the signature
    expect(profile('Java').readResponse(reordered, 'C1')?.signature).toBe('1');
    expect(profile('Go').readResponse(response([['client-id', 'C1'], ...reordered.headerLines]), 'C1')?.signature).toBe(`${SIG},algorithm=RSA256,keyVersion=1`);
  });

  it('an unencoded signature is lost to Java (split on "=") and PHP (after the last "=")', () => {
    const raw = response([['client-id', 'C1'], ['response-time', 'T1'], ['signature', 'algorithm=RSA256,keyVersion=1,signature=ab+c/d==']]);
    expect(profile('Java').readResponse(raw, 'C1')).toBeNull();
    expect(profile('PHP').readResponse(raw, 'C1')).toBeNull();
    // and the form-decoders turn an unencoded '+' into a space, which is no base64
    expect(profile('Go').decodeSignature('ab+c/d==')).toBe('ab c/d==');
  });

  it('.NET writes lower-case escapes; the others upper case', () => {
    expect(profile('.NET').encodeSignature('ab+c/d==')).toBe('ab%2bc%2fd%3d%3d');
    for (const sdk of ['Java', 'Go', 'Python', 'PHP'] as const) expect(profile(sdk).encodeSignature('ab+c/d==')).toBe(SIG);
  });

  it('Java and .NET verify with their own client id, Go and Python with the response header', () => {
    const other = response([['client-id', 'SERVER'], ...asSent.headerLines.slice(1)]);
    expect(profile('Java').readResponse(other, 'MINE')?.clientId).toBe('MINE');
    expect(profile('.NET').readResponse(other, 'MINE')?.clientId).toBe('MINE');
    expect(profile('Go').readResponse(other, 'MINE')?.clientId).toBe('SERVER');
    expect(profile('Python').readResponse(other, 'MINE')?.clientId).toBe('SERVER');
  });

  it('each serialiser writes what its SDK writes', () => {
    const body = { a: 'x/y <b> & 제주', n: [1] };
    expect(profile('Java').serialize(body)).toBe('{"a":"x/y <b> & 제주","n":[1]}');
    expect(profile('Go').serialize(body)).toBe('{"a":"x/y \\u003cb\\u003e \\u0026 제주","n":[1]}');
    expect(profile('PHP').serialize(body)).toBe('{"a":"x\\/y <b> & \\uc81c\\uc8fc","n":[1]}');
    expect(profile('Python').serialize(body)).toBe('{\n   "a": "x/y <b> & \\uc81c\\uc8fc",\n   "n": [\n      1\n   ]\n}');
  });

  it('request-time in each SDK\'s own form', () => {
    const now = new Date('2026-11-23T18:46:04.123Z');
    expect(profile('Java').requestTime(now)).toBe('1795459564123');
    expect(profile('Go').requestTime(now)).toMatch(/^1795459564123\d{6}$/);
    expect(profile('Python').requestTime(now)).toBe('2026-11-23T18:46:04+00:00');
    expect(profile('PHP').requestTime(now)).toBe('2026-11-23T18:46:04+0000');
    expect(profile('.NET').requestTime(now)).toMatch(/^2026-11-23T18:46:04\.123\d{4}Z$/);
  });
});

describe('the README "Using the official SDKs" table agrees with the profiles', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the official SDKs'), readme.indexOf('## What it does'));

  it.each(SDK_PROFILES.map((p) => [p.sdk, p] as const))('%s: the key form and file it names', (sdk, p) => {
    const row = section.split('\n').find((line) => line.startsWith(`| ${sdk} |`));
    expect(row).toBeDefined();
    expect(row).toContain(`${p.privateKeyForm}`);
    const file = /`(demo-merchant-private-pkcs[18]\.base64)`/.exec(row!)?.[1];
    expect(file).toBe(p.privateKeyForm === 'PKCS#8 base64' ? 'demo-merchant-private-pkcs8.base64' : 'demo-merchant-private-pkcs1.base64');
    expect(existsSync(join(import.meta.dirname, '..', '..', 'fixtures', 'keys', file!))).toBe(true);
    expect(row!.includes('https://')).toBe(p.transport === 'https');
  });
});
