import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * HTTP/1.1 over a bare socket: the request line and every header line are written exactly as
 * given, so no client library normalises the target (absolute form, `//`, percent-escapes),
 * the header names' case, or duplicate headers. The answer is read the same way: header
 * lines come back with their names as the server wrote them, for SDKs that match names
 * case-sensitively (Python, PHP).
 */
export interface RawRequest {
  /** where to connect: `http://127.0.0.1:1234` or `https://...` (TLS, certificate trusted via `ca`) */
  origin: string;
  /** PEM of a CA to trust; without it a TLS connection does not check the certificate (as the Python and PHP SDKs) */
  ca?: string;
  method?: string;
  /** the request target exactly as written on the request line */
  target: string;
  /** header lines in order, as `[name, value]`; `separator` overrides ": " (PHP's curl sends "Name:value") */
  headers: Array<[string, string]>;
  separator?: string;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  /** header lines as sent: name case kept, duplicates kept, in order */
  headerLines: Array<[string, string]>;
  /** the header block as text, for SDKs that scan lines (PHP) */
  headerBlock: string;
  body: string;
  /** first value of a header, name matched case-insensitively (Java, Go, .NET) */
  header(name: string): string | undefined;
}

export function rawRequest(request: RawRequest): Promise<RawResponse> {
  const { hostname, port, protocol } = new URL(request.origin);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const separator = request.separator ?? ': ';
  const lines = [`${request.method ?? 'POST'} ${request.target} HTTP/1.1`];
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  if (!names.has('host')) lines.push(`Host: ${hostname}${port ? `:${port}` : ''}`);
  for (const [name, value] of request.headers) lines.push(`${name}${separator}${value}`);
  if (!names.has('content-length')) lines.push(`Content-Length: ${body.length}`);
  // an SDK that asks for keep-alive keeps its own Connection header; the answer is then read to its Content-Length
  if (!names.has('connection')) lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');

  return new Promise((resolve, reject) => {
    const tls = protocol === 'https:';
    const options = { host: hostname, port: Number(port || (tls ? 443 : 80)) };
    const socket: Socket = tls
      ? tlsConnect({ ...options, servername: 'localhost', ...(request.ca ? { ca: request.ca } : { rejectUnauthorized: false }) })
      : netConnect(options);
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) return reject(error);
      try {
        resolve(parseResponse(received));
      } catch (parseError) {
        reject(parseError);
      }
    };
    // write, not end: a half-closed socket makes Node's server drop the request unanswered
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(Buffer.concat([head, body])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (isComplete(received)) finish();
    });
    socket.on('error', finish);
    socket.on('close', () => finish());
  });
}

/** a response is complete once its Content-Length bytes (or the last chunk) arrived */
function isComplete(data: Buffer): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = data.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  if (length !== undefined) return data.length >= end + 4 + Number(length);
  return /\r\ntransfer-encoding:\s*chunked/i.test(head) && data.subarray(-5).toString('latin1') === '0\r\n\r\n';
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete HTTP response (${raw.length} bytes)`);
  const headerBlock = raw.subarray(0, end).toString('latin1');
  const [statusLine, ...rest] = headerBlock.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) throw new Error(`not an HTTP status line: ${statusLine}`);
  const headerLines = rest.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const header = (name: string) => headerLines.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  let payload = raw.subarray(end + 4);
  if (/chunked/i.test(header('transfer-encoding') ?? '')) payload = dechunk(payload);
  return { status, headerLines, headerBlock, body: payload.toString('utf8'), header };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
