import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RawRequest, RawResponse } from './sdk-raw-http.js';

const SCRIPT = join(import.meta.dirname, 'sdk-python-http.py');

/**
 * A transport for SdkWireClient that sends through Python's real http.client (python3 is on every
 * machine of this project's kind), so the absolute-form request line and the answer's header
 * names are exactly what the Python SDK's runtime produces and sees. http.client adds Host and
 * Accept-Encoding itself, so the profile's copies of those are left out.
 */
export async function pythonHttpClient(request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(request.origin);
  const headers = request.headers.filter(([name]) => !['host', 'accept-encoding'].includes(name.toLowerCase()));
  const body = request.body === undefined ? '' : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : request.body;
  const spec = JSON.stringify({ host: hostname, port: Number(port || 443), url: request.target, headers, body });
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`python3 http.client exited ${code}: ${stderr}`))));
    child.stdin.end(spec);
  });
  const answer = JSON.parse(output) as { status: number; headers: Array<[string, string]>; body: string };
  return {
    status: answer.status,
    headerLines: answer.headers,
    headerBlock: [`HTTP/1.1 ${answer.status}`, ...answer.headers.map(([name, value]) => `${name}: ${value}`)].join('\r\n'),
    body: answer.body,
    header: (name) => answer.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
  };
}
