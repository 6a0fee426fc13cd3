import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { envName } from '../cli-options.js';
import { SandboxControl, SandboxControlError } from '../sandbox-control.js';
import type { CheckReport } from './check-types.js';
import { formatJunitReport } from './report-junit.js';
import { formatTextReport, summaryLine } from './report-text.js';

const USAGE = `Usage: antom-sandbox check --notify-url <url> [options]

Sends your notification endpoint a suite of Antom notifications, genuine and forged, and says
for each whether it answered as it must: genuine ones acknowledged with exactly Antom's body,
forged ones not, harmless format variations accepted, repeats and out-of-order ones
acknowledged. The deliveries are signed by the sandbox's key: configure your endpoint with the
sandbox public key (antom-sandbox keys) as Antom's public key.

Options:
  --notify-url <url>      your endpoint (required)
  --url <sandbox>         a running sandbox to run in (its control API); default: start one
                          in-process (give --url to watch --with-inquiry calls your integration
                          makes to that sandbox)
  --client-id <id>        the merchant the notifications are for (default SANDBOX_DEMO_MERCHANT)
  --report <format>       text (default), json or junit
  --out <file>            write the report there (and the text report to stdout)
  --only <names>          comma-separated case ids or groups: genuine, forged, tolerated,
                          delivery, inquiry
  --with-inquiry          also report whether your integration calls inquiryPayment after a
                          notification (watched in the sandbox's request journal)
  --inquiry-wait <ms>     how long to watch for that call (default 3000)
  --control-token <t>     the sandbox's --control-token          [${envName('control-token')}]
  --verbose               show the evidence of every case, not only the failed ones

Exit code: 0 when every required case passes, 1 when one fails, 2 on a usage error or when
the sandbox cannot be reached.`;

const FORMATS = ['text', 'json', 'junit'] as const;
type Format = (typeof FORMATS)[number];

class UsageError extends Error {}

interface CheckArgs {
  notifyUrl: string;
  url: string | undefined;
  clientId: string | undefined;
  format: Format;
  out: string | undefined;
  only: string[] | undefined;
  withInquiry: boolean;
  inquiryWaitMs: number | undefined;
  controlToken: string | undefined;
  verbose: boolean;
}

function parseCheckArgs(argv: string[], env: NodeJS.ProcessEnv): CheckArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'notify-url': { type: 'string' },
        url: { type: 'string' },
        'client-id': { type: 'string' },
        report: { type: 'string', default: 'text' },
        out: { type: 'string' },
        only: { type: 'string' },
        'with-inquiry': { type: 'boolean', default: false },
        'inquiry-wait': { type: 'string' },
        'control-token': { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
  if (!values['notify-url']) throw new UsageError('--notify-url is required: the URL of your notification endpoint.');
  if (!FORMATS.includes(values.report as Format)) throw new UsageError(`--report: "${values.report}" is not one of ${FORMATS.join(', ')}.`);
  const wait = values['inquiry-wait'];
  if (wait !== undefined && !/^\d+$/.test(wait)) throw new UsageError(`--inquiry-wait: "${wait}" is not a whole number of ms.`);
  return {
    notifyUrl: values['notify-url'],
    url: values.url?.replace(/\/+$/, ''),
    clientId: values['client-id'],
    format: values.report as Format,
    out: values.out,
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    withInquiry: values['with-inquiry'],
    inquiryWaitMs: wait === undefined ? undefined : Number(wait),
    controlToken: values['control-token'] ?? (env[envName('control-token')] || undefined),
    verbose: values.verbose,
  };
}

export function formatReport(report: CheckReport, format: Format, verbose = false): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'junit') return formatJunitReport(report);
  return `${formatTextReport(report, { verbose })}\n`;
}

/** Runs the suite through the control API of the sandbox at `url`, or of one started here. */
async function requestCheck(args: CheckArgs): Promise<CheckReport> {
  const body = {
    notifyUrl: args.notifyUrl,
    ...(args.clientId ? { clientId: args.clientId } : {}),
    ...(args.only ? { only: args.only } : {}),
    withInquiry: args.withInquiry,
    ...(args.inquiryWaitMs !== undefined ? { inquiryWaitMs: args.inquiryWaitMs } : {}),
  };
  if (args.url) return new SandboxControl(args.url, args.controlToken).call<CheckReport>('POST', '/checks', body);
  const { startSandbox } = await import('../start-sandbox.js');
  const sandbox = await startSandbox();
  try {
    return await sandbox.control.call<CheckReport>('POST', '/checks', body);
  } finally {
    await sandbox.close();
  }
}

/** `antom-sandbox check`: proves a merchant's notification endpoint safe (issue #20). */
export async function runCheckCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`antom-sandbox check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  let report: CheckReport;
  try {
    report = await requestCheck(args);
  } catch (error) {
    if (error instanceof SandboxControlError) {
      console.error(`antom-sandbox check: ${error.message}`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      console.error(`antom-sandbox check: no sandbox answers at ${args.url} (${code}); start one (npx antom-sandbox), or leave --url out to run the check in-process.`);
      return 2;
    }
    throw error;
  }
  if (args.out) {
    writeFileSync(args.out, formatReport(report, args.format, args.verbose));
    process.stdout.write(args.format === 'text' ? `${summaryLine(report)}\n` : formatReport(report, 'text', args.verbose));
  } else {
    process.stdout.write(formatReport(report, args.format, args.verbose));
  }
  return report.summary.ok ? 0 : 1;
}
