import { ANTOM_APIS, apiPath, type AntomApi } from '../../../protocol/index.js';
import { signRequest } from '../../request-signing.js';
import { MERCHANT_FLAGS, MERCHANT_HELP, merchantFrom, parseCommandLine, readBody, UsageError } from '../command-options.js';

const FLAGS = {
  ...MERCHANT_FLAGS,
  body: { type: 'string' },
  time: { type: 'string' },
} as const;

export function signHelp(): string {
  return [
    'antom-sandbox sign <path|api> (--body <text> | --json <file|->) [flags]',
    '',
    'Prints the three headers that sign one Antom request, one "name: value" per line, for',
    "curl's -H @- (headers from standard input) or -H @file:",
    '',
    `  npx antom-sandbox sign /ams/api/v1/payments/pay --body "$BODY" | curl -H @- ... --data-raw "$BODY"`,
    '',
    '<path> is the path you post to (/ams/api/v1/payments/pay or /ams/sandbox/api/v1/payments/pay);',
    `an API name (${ANTOM_APIS.join(', ')}) means /ams/api/v1/payments/<api>.`,
    'Sign exactly the bytes you send: the signature covers the raw body.',
    '',
    '  --body <text>        the request body as text',
    ...MERCHANT_HELP,
    '  --time <value>       the request-time to sign (default: now, in epoch milliseconds)',
  ].join('\n');
}

function pathOf(target: string): string {
  if (target.startsWith('/')) return target;
  if ((ANTOM_APIS as readonly string[]).includes(target)) return apiPath(target as AntomApi);
  throw new UsageError(`"${target}" is neither a path (/ams/api/v1/payments/pay) nor an API (${ANTOM_APIS.join(', ')}).`);
}

/** `antom-sandbox sign`: the headers of one signed request, signed as the reference client signs. */
export async function runSignCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine('sign', argv, FLAGS);
    if (values.help) {
      console.log(signHelp());
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('sign takes one path or API name, e.g. antom-sandbox sign /ams/api/v1/payments/pay --body "$BODY".');
    if ((values.body === undefined) === (values.json === undefined)) throw new UsageError('Give the body to sign with --body <text> or --json <file|-> (one of them).');
    const merchant = merchantFrom(values);
    const body = values.body ?? readBody(values.json!);
    const headers = signRequest({ ...merchant, path: pathOf(positionals[0]!), body, time: values.time ?? String(Date.now()) });
    console.log(Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n'));
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`antom-sandbox sign: ${error.message}`);
    return 2;
  }
}
