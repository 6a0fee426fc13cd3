/**
 * The request journal in the formats developers paste elsewhere: a copy-pasteable curl command
 * and HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/). Pure: entries in, text out.
 */

/** What these formats need of a journal entry (services/request-journal.ts JournalEntry has it). */
export interface JournalRecord {
  at: string;
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  httpStatus: number | null;
  responseBody: string | null;
  durationMs: number | null;
}

/**
 * A POSIX shell word that stands for exactly `text`: single quotes, inside which nothing is
 * special ($, `, \, ! and newlines are literal), with each ' written as '\'' .
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** curl reproducing the call: method, URL, the journaled headers and the body exactly as sent. */
export function curlCommand(entry: JournalRecord, baseUrl: string): string {
  const parts = ['curl', '-X', entry.method, shellQuote(`${baseUrl}${entry.path}`)];
  for (const [name, value] of Object.entries(entry.requestHeaders)) parts.push('-H', shellQuote(`${name}: ${value}`));
  // --data-raw: a body starting with @ is not read as a file name
  if (entry.requestBody.length > 0) parts.push('--data-raw', shellQuote(entry.requestBody));
  return parts.join(' ');
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
const harHeaders = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** HAR 1.2 of the journal, oldest entry first. The journal keeps no response headers but the content type. */
export function harOf(entries: readonly JournalRecord[], baseUrl: string, creatorVersion: string) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'antom-sandbox', version: creatorVersion },
      pages: [],
      entries: entries.map((e) => {
        const requestType = e.requestHeaders['content-type'] ?? 'application/json';
        const answered = e.httpStatus !== null;
        const responseText = e.responseBody ?? '';
        const time = Math.max(0, e.durationMs ?? 0);
        return {
          startedDateTime: new Date(Date.parse(e.at)).toISOString(),
          time,
          request: {
            method: e.method,
            url: `${baseUrl}${e.path}`,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: harHeaders(e.requestHeaders),
            queryString: [...new URL(e.path, 'http://x').searchParams].map(([name, value]) => ({ name, value })),
            ...(e.requestBody.length > 0 ? { postData: { mimeType: requestType, params: [], text: e.requestBody } } : {}),
            headersSize: -1,
            bodySize: bytes(e.requestBody),
          },
          response: {
            // 0: the sandbox never answered (a scenario's noAnswer or dropConnection)
            status: e.httpStatus ?? 0,
            statusText: answered ? (STATUS_TEXT[e.httpStatus!] ?? '') : '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: responseText ? [{ name: 'content-type', value: 'application/json; charset=utf-8' }] : [],
            content: { size: bytes(responseText), mimeType: responseText ? 'application/json; charset=utf-8' : 'x-unknown', text: responseText },
            redirectURL: '',
            headersSize: -1,
            bodySize: answered ? bytes(responseText) : -1,
          },
          cache: {},
          timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: time, receive: 0, ssl: -1 },
        };
      }),
    },
  };
}
