import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPrivateKey, loadPublicKey } from '../protocol/index.js';
import { ConfigError, resolveConfig, type SandboxConfig, type SandboxOptions } from './config.js';
import { badKeyFileSentence, unreadableFileSentence } from './startup-errors.js';

/** One flag of the CLI; each is also ANTOM_SANDBOX_<NAME> in the environment. */
interface FlagSpec {
  flag: string;
  type: 'string' | 'boolean';
  help: string;
  multiple?: boolean;
}

export const FLAGS: readonly FlagSpec[] = [
  { flag: 'port', type: 'string', help: 'port to listen on (default 4180; 0 = any free port)' },
  { flag: 'host', type: 'string', help: 'address to listen on (default 127.0.0.1; 0.0.0.0 in Docker)' },
  { flag: 'data', type: 'string', help: 'SQLite file, or :memory: (default .antom-sandbox/sandbox.db)' },
  { flag: 'public-url', type: 'string', help: 'base URL used in normalUrl and page links (default http://localhost:<port>)' },
  { flag: 'signing-key', type: 'string', help: "file with the sandbox's private key, PEM or base64 (default: the test-only fixture key)" },
  { flag: 'merchant', type: 'string', multiple: true, help: 'register a merchant: <clientId>=<publicKeyFile>[,notifyUrl][,name=<display name>] (repeatable; env: separate with ";")' },
  { flag: 'accept-any-client', type: 'boolean', help: 'skip request signature checks (responses stay signed)' },
  { flag: 'notify-retries', type: 'string', help: "antom (production schedule, up to 8 deliveries) or none (one attempt, as Antom's hosted sandbox)" },
  { flag: 'notify-timeout', type: 'string', help: 'per-attempt notification timeout in ms (default 5000)' },
  { flag: 'capture-delay', type: 'string', help: 'virtual ms from authorization to automatic capture (default 1000)' },
  { flag: 'control-token', type: 'string', help: 'require Authorization: Bearer <token> on the control API and page' },
  { flag: 'tls', type: 'boolean', help: 'serve HTTPS with a self-signed certificate kept beside --data (tls-cert.pem, tls-key.pem)' },
  { flag: 'tls-cert', type: 'string', help: 'PEM certificate file to serve instead (with --tls-key; implies --tls)' },
  { flag: 'tls-key', type: 'string', help: 'PEM private key file of --tls-cert' },
  { flag: 'scenarios', type: 'string', help: 'JSON file of scenario rules to load at start' },
  { flag: 'journal-limit', type: 'string', help: 'request journal entries kept in memory, oldest dropped (default 1000)' },
  { flag: 'rate-limit', type: 'string', help: 'Antom API calls per second per client id (token bucket on the virtual clock); beyond it REQUEST_TRAFFIC_EXCEED_LIMIT (default: no limit)' },
  { flag: 'log-level', type: 'string', help: 'fatal, error, warn (default), info, debug, trace or silent' },
];

export const envName = (flag: string) => `ANTOM_SANDBOX_${flag.toUpperCase().replace(/-/g, '_')}`;

function readFileFor(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(unreadableFileSentence(flag, file, error));
  }
}

/** A key file is read and parsed here, so a wrong one stops start-up with a sentence naming the flag. */
function readKeyFile(flag: string, file: string, expected: 'private' | 'public'): string {
  const text = readFileFor(flag, file);
  try {
    if (expected === 'private') loadPrivateKey(text);
    else loadPublicKey(text);
  } catch (error) {
    throw new ConfigError(badKeyFileSentence(flag, file, expected, error));
  }
  return text;
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`--${flag}: "${text}" is not a whole number.`);
  return Number(text);
}

const MERCHANT_SYNTAX = '<clientId>=<publicKeyFile>[,notifyUrl][,name=<display name>]';

/**
 * `--merchant SANDBOX_MY_SHOP=./my-public.pem,http://localhost:3000/antom/notify,name=My Shop`:
 * the name comes last and runs to the end (it may hold commas); the notify URL is what lies
 * between the key file and it.
 */
export function parseMerchant(spec: string): NonNullable<SandboxOptions['merchants']>[number] {
  const match = /^([^=,]+)=([^,]+)(?:,(.*))?$/.exec(spec.trim());
  if (!match) throw new ConfigError(`--merchant: "${spec}" is not ${MERCHANT_SYNTAX}.`);
  const [, clientId, keyFile, rest = ''] = match;
  const named = /(?:^|,)\s*name=(.*)$/.exec(rest);
  const notifyUrl = (named ? rest.slice(0, named.index) : rest).trim();
  const name = named?.[1]!.trim();
  if (named && !name) throw new ConfigError(`--merchant: "${spec}" has an empty name=; give the name buyers should see, or leave name= out.`);
  return {
    clientId: clientId!.trim(),
    publicKey: readKeyFile('merchant', keyFile!.trim(), 'public'),
    ...(notifyUrl ? { notifyUrl } : {}),
    ...(name ? { name } : {}),
  };
}

/** Flags win over environment variables; both are checked once here, with a sentence per mistake. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SandboxConfig {
  const options = Object.fromEntries(FLAGS.map((f) => [f.flag, { type: f.type, ...(f.multiple ? { multiple: true } : {}) }]));
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: options as never, strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Run antom-sandbox --help for the flags.`);
  }
  const get = (flag: string): string | boolean | string[] | undefined => {
    if (values[flag] !== undefined) return values[flag];
    const fromEnv = env[envName(flag)];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    const spec = FLAGS.find((f) => f.flag === flag)!;
    if (spec.type === 'boolean') {
      if (!/^(1|0|true|false|yes|no)$/i.test(fromEnv)) throw new ConfigError(`${envName(flag)}: "${fromEnv}" is not true or false.`);
      return /^(1|true|yes)$/i.test(fromEnv);
    }
    return spec.multiple ? fromEnv.split(';').filter((s) => s.trim()) : fromEnv;
  };
  const str = (flag: string) => get(flag) as string | undefined;
  const result: SandboxOptions = {};
  if (str('port') !== undefined) result.port = integer('port', str('port')!);
  if (str('host') !== undefined) result.host = str('host')!;
  if (str('data') !== undefined) result.data = str('data')!;
  if (str('public-url') !== undefined) result.publicUrl = str('public-url')!;
  if (str('signing-key') !== undefined) result.signingKey = readKeyFile('signing-key', str('signing-key')!, 'private');
  const merchants = get('merchant') as string[] | undefined;
  if (merchants) result.merchants = merchants.map(parseMerchant);
  if (get('accept-any-client') !== undefined) result.acceptAnyClient = Boolean(get('accept-any-client'));
  if (str('notify-retries') !== undefined) {
    const value = str('notify-retries')!;
    if (value !== 'antom' && value !== 'none') throw new ConfigError(`--notify-retries: "${value}" is not one of antom, none.`);
    result.notifyRetries = value;
  }
  if (str('notify-timeout') !== undefined) result.notifyTimeoutMs = integer('notify-timeout', str('notify-timeout')!);
  if (str('capture-delay') !== undefined) result.captureDelayMs = integer('capture-delay', str('capture-delay')!);
  if (str('control-token') !== undefined) result.controlToken = str('control-token')!;
  if (get('tls') !== undefined) result.tls = Boolean(get('tls'));
  if (str('tls-cert') !== undefined) result.tlsCert = readFileFor('tls-cert', str('tls-cert')!);
  if (str('tls-key') !== undefined) result.tlsKey = readFileFor('tls-key', str('tls-key')!);
  if (str('scenarios') !== undefined) result.scenarios = str('scenarios')!;
  if (str('journal-limit') !== undefined) result.journalLimit = integer('journal-limit', str('journal-limit')!);
  if (str('rate-limit') !== undefined) {
    const perSecond = integer('rate-limit', str('rate-limit')!);
    if (perSecond < 1) throw new ConfigError('--rate-limit: must be at least 1 call per second (leave it out for no limit).');
    result.rateLimitPerSecond = perSecond;
  }
  if (str('log-level') !== undefined) {
    const level = str('log-level')!;
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
    if (!levels.includes(level)) throw new ConfigError(`--log-level: "${level}" is not one of ${levels.join(', ')}.`);
    result.logLevel = level as SandboxConfig['logLevel'];
  }
  try {
    return resolveConfig(result);
  } catch (error) {
    const message = (error as Error).message.replace(/^Invalid setting (\w+)/, (_m, key: string) => `Invalid --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new ConfigError(message.startsWith('Invalid --') ? `${message.replace(/\.$/, '')}: antom-sandbox --help says what each flag takes.` : message);
  }
}

export function helpText(): string {
  const lines = FLAGS.map((f) => `  --${f.flag}${f.type === 'string' ? ' <value>' : ''}`.padEnd(34) + `${f.help}  [${envName(f.flag)}]`);
  return [
    'antom-sandbox: a local emulator of Antom payments for South Korean issuer-authenticated cards',
    '',
    'Usage:',
    '  antom-sandbox [flags]                 start the sandbox',
    '  antom-sandbox keys                    print the sandbox public key (PEM and base64)',
    '  antom-sandbox verify <pacts|dir>...   verify consumer pacts against a fresh sandbox',
    '  antom-sandbox call <api> [flags]      make one signed Antom call as a merchant (call --help)',
    '  antom-sandbox sign <path> [flags]     print the signed headers of a request, for curl (sign --help)',
    '  antom-sandbox check --notify-url <url> prove a notification endpoint verifies, acks and dedupes (check --help)',
    '',
    'Flags:',
    ...lines,
    '  --help                          this text',
  ].join('\n');
}
