import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import type { RawResponse } from './sdk-raw-http.js';

/**
 * How each official Antom SDK puts a call on the wire and checks what comes back, written here
 * from reading each SDK's public source (the file and commit are named in `source`); none of
 * their code is copied. `test/api/sdk-profiles.test.ts` runs the whole payment lifecycle
 * through each profile against a real sandbox.
 */
export type SdkName = 'Java' | 'Go' | 'Python' | 'PHP' | '.NET';
export type PrivateKeyForm = 'PKCS#8 base64' | 'PKCS#1 base64';

/** what the SDK learned from a response's headers: null means "it would not find them" */
export interface ReadSignature {
  signature: string;
  time: string;
  clientId: string;
}

export interface SdkProfile {
  sdk: SdkName;
  /** the public files (and commits) this profile was read from */
  source: string;
  /** how it connects: Python always uses HTTPS on port 443 and never checks the certificate */
  transport: 'http' | 'https';
  /** `absolute`: `POST https://host/ams/... HTTP/1.1` (Python's http.client is given the full URL) */
  requestTarget: 'origin' | 'absolute';
  /** the form of merchantPrivateKey the SDK can read */
  privateKeyForm: PrivateKeyForm;
  /** how it writes request-time */
  requestTime(now: Date): string;
  /** how it serialises the request body (pretty or compact, which characters it escapes) */
  serialize(body: unknown): string;
  /** the body's bytes on the wire */
  bodyBytes(text: string): Buffer;
  /** how it URL-encodes the base64 signature */
  encodeSignature(base64: string): string;
  /** its request header lines, in its order and case */
  headers(input: { clientId: string; time: string; signatureHeader: string }): Array<[string, string]>;
  /** PHP's curl writes `Name:value` lines as the SDK gives them */
  headerSeparator?: string;
  /** turns the configured key text into a key the way the SDK does; throws where the SDK would */
  loadPrivateKey(text: string): KeyObject;
  /**
   * how it finds the signature, time and client id in a response (null: it would not find them),
   * and which client id it puts in the verified text (its own, or the response's)
   */
  readResponse(response: RawResponse, configuredClientId: string): ReadSignature | null;
  /** how it URL-decodes the signature value before base64 */
  decodeSignature(value: string): string;
  /** the path it signs a request with and verifies its answer over (Go verifies over the decoded path) */
  verifiedPath(path: string): string;
  /** how the SDK (or, with no helper, its verify function) checks a notification's signature header */
  notificationSignature(signatureHeader: string): string;
}

const wrapPem = (label: string, base64: string, width?: number) =>
  `-----BEGIN ${label}-----\n${width ? base64.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n').trim() : base64}\n-----END ${label}-----`;

/**
 * PKCS#1 RSAPrivateKey is SEQUENCE { version, modulus INTEGER, ... }; PKCS#8 is
 * SEQUENCE { version, AlgorithmIdentifier SEQUENCE, ... }. OpenSSL (and so node:crypto) reads
 * either under either label; Go's x509, Python's cryptography and Java's PKCS8EncodedKeySpec do not.
 */
function derKind(bytes: Buffer): 'pkcs1' | 'pkcs8' | undefined {
  if (bytes[0] !== 0x30) return undefined;
  const lengthBytes = bytes[1]! & 0x80 ? bytes[1]! & 0x7f : 0;
  const version = 2 + lengthBytes;
  if (bytes[version] !== 0x02) return undefined;
  const next = version + 2 + bytes[version + 1]!;
  return bytes[next] === 0x02 ? 'pkcs1' : bytes[next] === 0x30 ? 'pkcs8' : undefined;
}

function strictDer(bytes: Buffer, type: 'pkcs1' | 'pkcs8'): KeyObject {
  const kind = derKind(bytes);
  if (kind !== type) throw new Error(`expected a ${type.toUpperCase()} key, got ${kind ? kind.toUpperCase() : 'no RSA key'}`);
  return createPrivateKey({ key: bytes, format: 'der', type });
}

/** a PEM read strictly by its label, as Go's x509, Python's cryptography and BouncyCastle do */
function strictPem(pem: string): KeyObject {
  const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem);
  if (!match) throw new Error('no PEM block');
  return strictDer(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64'), match[1] ? 'pkcs1' : 'pkcs8');
}

const der = (base64: string, type: 'pkcs8' | 'pkcs1') => strictDer(Buffer.from(base64, 'base64'), type);
const upperEscapes = (base64: string) => encodeURIComponent(base64);
/** Java URLDecoder, Python unquote_plus, Go QueryUnescape, .NET HttpUtility.UrlDecode: '+' is a space */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
const afterSignatureEquals = (header: string) => header.split('signature=')[1] ?? '';
const nonAscii = (json: string) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const caseInsensitive = (response: RawResponse, configuredClientId: string | null): ReadSignature | null => {
  const header = response.header('signature');
  const time = response.header('response-time');
  const clientId = configuredClientId ?? response.header('client-id');
  if (!header || !time || clientId === undefined) return null;
  return { signature: afterSignatureEquals(header), time, clientId };
};

export const SDK_PROFILES: SdkProfile[] = [
  {
    sdk: 'Java',
    source: 'alipay/global-open-sdk-java (README: latest release 3.1.1): BaseAlipayClient.java, net/HttpClientRpc.java @0b45dce, tools/SignatureTool.java @1c7bf0a, tools/WebhookTool.java @1af2286, tools/Constants.java @11224d9',
    transport: 'http',
    requestTarget: 'origin',
    privateKeyForm: 'PKCS#8 base64',
    requestTime: (now) => String(now.getTime()),
    serialize: (body) => JSON.stringify(body),
    // Apache's StringEntity(String) encodes ISO-8859-1 while the SDK signs UTF-8
    bodyBytes: (text) => Buffer.from(text, 'latin1'),
    encodeSignature: upperEscapes,
    headers: ({ clientId, time, signatureHeader }) => [
      ['Connection', 'keep-alive'],
      ['Content-Type', 'application/json; charset=UTF-8'],
      ['Request-Time', time],
      ['client-id', clientId],
      ['Signature', signatureHeader],
      ['User-Agent', 'Apache-HttpClient/4.5.14 (Java/17)'],
    ],
    loadPrivateKey: (text) => der(text, 'pkcs8'),
    // the third comma-separated item, split on '=' into exactly two parts; its own client id
    readResponse: (response, configuredClientId) => {
      const header = response.header('Signature');
      const time = response.header('response-time');
      const parts = header?.split(',')[2]?.split('=');
      if (!parts || parts.length !== 2 || !time) return null;
      return { signature: parts[1]!, time, clientId: configuredClientId };
    },
    decodeSignature: formDecode,
    verifiedPath: (path) => path,
    notificationSignature: afterSignatureEquals,
  },
  {
    sdk: 'Go',
    source: 'alipay/global-open-sdk-go 1.2.10 (CHANGELOG.md @0840955): com/alipay/api/defaultAlipayClient.go @09c81fc, tools/SignatureTool.go @c504ec0, tools/WebhookTool.go @471b9c3',
    transport: 'http',
    requestTarget: 'origin',
    privateKeyForm: 'PKCS#8 base64',
    // time.Now().UnixNano()
    requestTime: (now) => `${now.getTime()}${String(process.hrtime()[1] % 1_000_000).padStart(6, '0')}`,
    // encoding/json escapes <, > and & (and U+2028/9) in strings
    serialize: (body) =>
      JSON.stringify(body).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    bodyBytes: (text) => Buffer.from(text, 'utf8'),
    encodeSignature: upperEscapes,
    // net/http writes headers sorted; Set("Content-type") then Add("Content-Type") sends the header twice
    headers: ({ clientId, time, signatureHeader }) => [
      ['User-Agent', 'Go-http-client/1.1'],
      ['Client-Id', clientId],
      ['Content-Type', 'application/json'],
      ['Content-Type', 'application/json; charset=UTF-8'],
      ['Key-Version', '1'],
      ['Request-Time', time],
      ['Signature', signatureHeader],
      ['Accept-Encoding', 'gzip'],
    ],
    loadPrivateKey: (text) => strictPem(wrapPem('PRIVATE KEY', text)),
    // resp.Header.Get is case-insensitive; the client id comes from the response's Client-Id
    readResponse: (response) => caseInsensitive(response, null),
    decodeSignature: formDecode,
    verifiedPath: (path) => decodeURIComponent(path),
    notificationSignature: afterSignatureEquals,
  },
  {
    sdk: 'Python',
    source: 'alipay/global-open-sdk-python 1.6.0 (_version.py @010fd8c): default_alipay_client.py @0b46f7c, net/default_http_rpc.py @0f95e44, tools/signature_tool.py @79a78f4, tools/webhook_tool.py @206fad0, tools/date_tools.py @6dcce30',
    transport: 'https',
    requestTarget: 'absolute',
    privateKeyForm: 'PKCS#1 base64',
    // datetime.fromtimestamp(int(time.time()), tz=timezone.utc).isoformat()
    requestTime: (now) => `${now.toISOString().slice(0, 19)}+00:00`,
    // json.dumps(indent=3), ensure_ascii
    serialize: (body) => nonAscii(JSON.stringify(body, null, 3)),
    bodyBytes: (text) => Buffer.from(text, 'utf8'),
    encodeSignature: upperEscapes,
    headers: ({ clientId, time, signatureHeader }) => [
      ['Host', '127.0.0.1'],
      ['Accept-Encoding', 'identity'],
      ['Content-type', 'application/json; charset=UTF-8'],
      ['Accept', 'text/plain,text/xml,text/javascript,text/html'],
      ['Cache-Control', 'no-cache'],
      ['Connection', 'Keep-Alive'],
      ['User-Agent', 'global-open-sdk-python/1.6.0'],
      ['Request-Time', time],
      ['client-id', clientId],
      ['Signature', signatureHeader],
    ],
    loadPrivateKey: (text) => strictPem(wrapPem('RSA PRIVATE KEY', text)),
    // getheaders() keeps the server's case and the SDK compares names exactly, in lower case
    readResponse: (response) => {
      const exact = (name: string) => response.headerLines.find(([n]) => n === name)?.[1];
      const header = exact('signature');
      const time = exact('response-time');
      const clientId = exact('client-id');
      if (!header || !time || clientId === undefined) return null;
      return { signature: afterSignatureEquals(header), time, clientId };
    },
    decodeSignature: formDecode,
    verifiedPath: (path) => path,
    notificationSignature: afterSignatureEquals,
  },
  {
    sdk: 'PHP',
    source: 'alipay/global-open-sdk-php 1.6.2 (client/SdkVersion.php @0cc0417): client/BaseAlipayClient.php @233f0b5, client/DefaultAlipayClient.php @6b97209, client/SignatureTool.php @446ab47',
    transport: 'http',
    requestTarget: 'origin',
    privateKeyForm: 'PKCS#1 base64',
    // date(DATE_ISO8601): no colon in the offset
    requestTime: (now) => `${now.toISOString().slice(0, 19)}+0000`,
    // json_encode: compact, "\/" for "/", \uXXXX for non-ASCII
    serialize: (body) => nonAscii(JSON.stringify(body).replace(/\//g, '\\/')),
    bodyBytes: (text) => Buffer.from(text, 'utf8'),
    encodeSignature: upperEscapes,
    headerSeparator: ':',
    headers: ({ clientId, time, signatureHeader }) => [
      ['Accept', '*/*'],
      ['Content-Type', 'application/json; charset=UTF-8'],
      ['Request-Time', time],
      ['client-id', clientId],
      ['Signature', signatureHeader],
      ['User-Agent', 'global-open-sdk-php/1.6.2'],
    ],
    loadPrivateKey: (text) => strictPem(wrapPem('RSA PRIVATE KEY', text, 64)),
    // scans raw header lines for the lower-case substrings; the signature is what follows the LAST '='
    readResponse: (response, configuredClientId) => {
      let time: string | undefined;
      let signature: string | undefined;
      for (const line of response.headerBlock.split('\r\n')) {
        if (line.includes('response-time')) time = line.slice(line.indexOf(':') + 1).trim();
        else if (line.includes('signature')) signature = line.slice(line.lastIndexOf('=') + 1);
      }
      if (!time || !signature) return null;
      return { signature, time, clientId: configuredClientId };
    },
    // a value with '=', '+' or '/' (or one that is already base64) is taken as is, else URL-decoded
    decodeSignature: (value) => (/[=+/]/.test(value) || (/^[A-Za-z0-9]+$/.test(value) && value.length % 4 === 0) ? value : decodeURIComponent(value.replace(/\+/g, ' '))),
    verifiedPath: (path) => path,
    notificationSignature: afterSignatureEquals,
  },
  {
    sdk: '.NET',
    source: 'alipay/global-open-sdk-dotnet 2.1.19 (ams-dotnet.csproj @00b71ce): DefaultAlipayClient.cs @11c4726, request/AMSRequest.cs @36f8b2c, response/AMSResponse.cs and util/SignatureUtil.cs @2d5ad68',
    transport: 'http',
    requestTarget: 'origin',
    privateKeyForm: 'PKCS#8 base64',
    // DateTime.UtcNow.ToString("o"): seven fractional digits and Z
    requestTime: (now) => `${now.toISOString().slice(0, 23)}${String(process.hrtime()[1] % 10_000).padStart(4, '0')}Z`,
    serialize: (body) => JSON.stringify(body),
    bodyBytes: (text) => Buffer.from(text, 'utf8'),
    // HttpUtility.UrlEncode writes lower-case escapes: %2b %2f %3d
    encodeSignature: (base64) => encodeURIComponent(base64).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    headers: ({ clientId, time, signatureHeader }) => [
      ['client-id', clientId],
      ['signature', signatureHeader],
      ['request-time', time],
      ['X-sdkVersion', 'ams-dotnet.20201113'],
      ['Content-Type', 'application/json; charset=UTF-8'],
    ],
    // raw PKCS#8 DER first, then a PKCS#1 PEM wrapper
    loadPrivateKey: (text) => {
      try {
        return der(text, 'pkcs8');
      } catch {
        return strictPem(wrapPem('RSA PRIVATE KEY', text, 64));
      }
    },
    // HttpResponseHeaders are case-insensitive; it verifies with its own client id and "POST"
    readResponse: (response, configuredClientId) => caseInsensitive(response, configuredClientId),
    decodeSignature: formDecode,
    verifiedPath: (path) => path,
    notificationSignature: afterSignatureEquals,
  },
];

/** the SDK's request signature header for one call */
export function sdkSignatureHeader(profile: SdkProfile, input: { method: string; path: string; clientId: string; time: string; body: string; privateKey: KeyObject }): string {
  const signer = createSign('RSA-SHA256');
  signer.update(`${input.method} ${input.path}\n${input.clientId}.${input.time}.${input.body}`, 'utf8');
  return `algorithm=RSA256,keyVersion=1,signature=${profile.encodeSignature(signer.sign(input.privateKey, 'base64'))}`;
}

/** every SDK takes "Antom public key" as bare base64 SPKI (Python and PHP wrap it in BEGIN PUBLIC KEY) */
export function loadAntomPublicKey(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64.trim(), 'base64'), format: 'der', type: 'spki' });
}

/** RSA256 over `<METHOD> <path>\n<client-id>.<time>.<body>`, base64 decoded strictly as Go and Java do */
export function verifySdkText(text: string, base64: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return false;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(text, 'utf8');
  return verifier.verify(publicKey, base64, 'base64');
}
