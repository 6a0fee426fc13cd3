import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { ANTOM_APIS, type AntomApi } from '../../../protocol/index.js';
import { AntomClient, type AntomExchange } from '../../antom-client.js';
import { TransportError } from '../../errors.js';
import { DEMO_MERCHANT } from '../../package-root.js';
import { MERCHANT_FLAGS, MERCHANT_HELP, merchantFrom, parseCommandLine, readBody, UsageError } from '../command-options.js';
import { FRIENDLY_HELP, friendlyBody, type FriendlyFlags } from './request-bodies.js';

const FRIENDLY = ['amount', 'brand', 'notify-url', 'redirect-url', 'description', 'payment-request-id', 'payment-id', 'refund-request-id', 'refund-id'] as const;

const FLAGS = {
  ...MERCHANT_FLAGS,
  url: { type: 'string' },
  'antom-key': { type: 'string' },
  ...(Object.fromEntries(FRIENDLY.map((flag) => [flag, { type: 'string' }])) as Record<(typeof FRIENDLY)[number], { type: 'string' }>),
} as const;

const DEFAULT_URL = 'http://localhost:4180';

export function callHelp(): string {
  return [
    `antom-sandbox call <${ANTOM_APIS.join('|')}> [flags]`,
    '',
    'Makes one signed Antom call as a merchant with the reference client (no retry), prints the',
    'request, the response and the verdict on its signature, and for pay the normalUrl to open.',
    'Exit code 0: a verified answer with resultStatus S or U; 1: F, a bad signature, a non-200',
    'status or no answer; 2: a mistake on the command line.',
    '',
    `  --url <base>         the gateway (default $ANTOM_SANDBOX_URL, else ${DEFAULT_URL})`,
    ...MERCHANT_HELP,
    "  --antom-key <file>   Antom's public key to verify the response with (default: the sandbox's, from <url>/_sandbox/api/keys)",
    '',
    'Without --json, the body is built from these flags:',
    ...FRIENDLY_HELP,
  ].join('\n');
}

/** Antom's public key: the file given, else the sandbox's own, else (saying so) the fixture key. */
async function antomPublicKey(url: string, file: string | undefined): Promise<{ key: string; source: string }> {
  if (file) {
    try {
      return { key: readFileSync(file, 'utf8'), source: file };
    } catch (error) {
      throw new UsageError(`--antom-key: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
  const keysUrl = `${url.replace(/\/+$/, '')}/_sandbox/api/keys`;
  try {
    const response = await request(keysUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    const body = (await response.body.json()) as { publicKeyPem?: string };
    if (response.statusCode === 200 && body.publicKeyPem) return { key: body.publicKeyPem, source: keysUrl };
    throw new Error(`HTTP ${response.statusCode}`);
  } catch (error) {
    const fixture = DEMO_MERCHANT.sandboxPublicKeyFile();
    return { key: readFileSync(fixture, 'utf8'), source: `${fixture} (${keysUrl} did not answer: ${(error as Error).message})` };
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** What a person reads after the call; returns the exit code the outcome deserves. */
function report(exchange: AntomExchange, gatewayUrl: string, clientId: string, body: string, keySource: string): number {
  const lines = [`POST ${new URL(exchange.path, gatewayUrl).href}  (client-id ${clientId})`, body, '', `HTTP ${exchange.statusCode}`, pretty(exchange.text), ''];
  lines.push(exchange.signatureProblem ? `response signature: INVALID: ${exchange.signatureProblem}` : `response signature: VALID (checked with Antom's public key from ${keySource})`);
  let json: { result?: { resultCode?: string; resultStatus?: string; resultMessage?: string }; paymentId?: string; normalUrl?: string } = {};
  try {
    json = JSON.parse(exchange.text) as typeof json;
  } catch {
    // not JSON: the status line and the text above say it all
  }
  const result = json.result;
  if (result) lines.push(`result: ${result.resultCode} (${result.resultStatus}) ${result.resultMessage ?? ''}`.trimEnd());
  if (json.paymentId) lines.push(`paymentId: ${json.paymentId}`);
  if (exchange.api === 'pay' && json.normalUrl) lines.push(`normalUrl (open it in a browser): ${json.normalUrl}`);
  console.log(lines.join('\n'));
  const answered = exchange.statusCode === 200 && !exchange.signatureProblem;
  return answered && (result?.resultStatus === 'S' || result?.resultStatus === 'U') ? 0 : 1;
}

/** `antom-sandbox call <api>`: one signed call through the reference client, shown in full. */
export async function runCallCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let client: AntomClient | undefined;
  try {
    const { values, positionals } = parseCommandLine('call', argv, FLAGS);
    if (values.help) {
      console.log(callHelp());
      return 0;
    }
    const api = positionals[0] as AntomApi | undefined;
    if (positionals.length !== 1 || !(ANTOM_APIS as readonly string[]).includes(api!)) {
      throw new UsageError(`call takes one API: ${ANTOM_APIS.join(', ')} (e.g. antom-sandbox call pay --amount 46000).`);
    }
    const friendly = FRIENDLY.filter((flag) => values[flag] !== undefined);
    if (values.json !== undefined && friendly.length > 0) throw new UsageError(`--json sends the file as is; leave out --${friendly.join(', --')}.`);
    const url = values.url ?? (env.ANTOM_SANDBOX_URL || DEFAULT_URL);
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) throw new UsageError(`--url: "${url}" is not an http(s) URL such as ${DEFAULT_URL}.`);
    const merchant = merchantFrom(values);
    const body = values.json !== undefined ? readBody(values.json) : JSON.stringify(friendlyBody(api!, values as FriendlyFlags));
    const key = await antomPublicKey(url, values['antom-key']);
    client = new AntomClient({ gatewayUrl: url, clientId: merchant.clientId, privateKey: merchant.privateKey, antomPublicKey: key.key, retry: false });
    return report(await client.exchange(api!, body), url, merchant.clientId, body, key.source);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`antom-sandbox call: ${error.message}`);
      return 2;
    }
    if (error instanceof TransportError) {
      console.error(`antom-sandbox call: ${error.message}. Is the sandbox running there? Start it with npx antom-sandbox, or pass --url.`);
      return 1;
    }
    throw error;
  } finally {
    await client?.close();
  }
}
