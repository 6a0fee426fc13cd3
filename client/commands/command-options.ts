import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadPrivateKey } from '../../protocol/index.js';
import { DEMO_MERCHANT } from '../package-root.js';

/**
 * What the merchant-side subcommands (`call`, `sign`) share: the merchant they act as, where a
 * request body comes from, and one error type for a mistake on the command line (exit 2).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const MERCHANT_FLAGS = {
  'client-id': { type: 'string' },
  key: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const MERCHANT_HELP = [
  `  --client-id <id>     the merchant's client id (default ${DEMO_MERCHANT.clientId}, the demo merchant)`,
  "  --key <file>         the merchant's private key, PEM or bare base64 (default: the demo merchant's fixture key)",
  '  --json <file|->      the request body, from a file or from standard input (-), sent byte for byte',
];

/** parseArgs with one positional, the API or path; a wrong flag is a UsageError naming it. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs adds a hint about '--' for positionals; the first sentence says what is wrong
    throw new UsageError(`${(error as Error).message.split('. ')[0]!.replace(/\.$/, '')}. Run antom-sandbox ${command} --help for the flags.`);
  }
}

export interface Merchant {
  clientId: string;
  privateKey: KeyObject;
}

/** The merchant to act as: --client-id and --key, or the demo merchant with its fixture key. */
export function merchantFrom(values: { 'client-id'?: string | undefined; key?: string | undefined }): Merchant {
  const clientId = values['client-id'] ?? DEMO_MERCHANT.clientId;
  if (values['client-id'] && !values.key && clientId !== DEMO_MERCHANT.clientId) {
    throw new UsageError(`--client-id ${clientId} needs --key <file>: the private key whose public half is registered for it.`);
  }
  const keyFile = values.key ?? DEMO_MERCHANT.privateKeyFile();
  const text = readText('--key', keyFile);
  try {
    return { clientId, privateKey: loadPrivateKey(text) };
  } catch (error) {
    throw new UsageError(`--key: "${keyFile}" is not an RSA private key (${(error as Error).message}).`);
  }
}

/** The body of --json: a file's bytes, or all of standard input for "-". */
export function readBody(source: string): string {
  return readText('--json', source === '-' ? 0 : source);
}

function readText(flag: string, file: string | 0): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = file === 0 ? 'standard input' : `"${file}"`;
    throw new UsageError(code === 'ENOENT' ? `${flag}: there is no file ${what}.` : `${flag}: cannot read ${what} (${code ?? (error as Error).message}).`);
  }
}
