import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROVIDER_STATES } from './verify-provider-states.js';
import { formatVerifyReport } from './verify-report.js';
import { PactNotInstalledError, runPactVerification } from './verify-runner.js';

const USAGE = `Usage: antom-sandbox verify <pact file or directory>...

Verifies your consumer pacts (provider "antom") against a fresh in-memory sandbox: HTTP
interactions (each request re-signed with the demo merchant key SANDBOX_DEMO_MERCHANT) and
asynchronous notification messages (PAYMENT_RESULT, CAPTURE_RESULT, REFUND_RESULT, named in the
message description). Exit code 0 when every interaction verifies, 1 when one does not, 2 on a
usage error or when @pact-foundation/pact is not installed.

Provider states the sandbox sets up (use these exact names in given(...)):
${Object.entries(PROVIDER_STATES)
  .map(([name, meaning]) => `  "${name}"\n      ${meaning}`)
  .join('\n')}
Each state injects paymentId and paymentRequestId (and refundId, refundRequestId for the refund
state): use fromProviderState('\${paymentId}', '<example>') in your request bodies.`;

/** `antom-sandbox verify`: verifies merchants' consumer pacts against a fresh sandbox. */
export async function runVerifyCommand(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let pactFiles: string[];
  try {
    pactFiles = argv.flatMap(expandPactPath);
  } catch (error) {
    console.error(`antom-sandbox verify: ${(error as Error).message}`);
    return 2;
  }
  if (pactFiles.length === 0) {
    console.error(`antom-sandbox verify: no pact files (*.json) in ${argv.join(', ')}.`);
    return 2;
  }
  try {
    const run = await runPactVerification({ pactFiles });
    console.log(`\n${formatVerifyReport(pactFiles, run)}`);
    return run.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof PactNotInstalledError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

/** A file as given, or the *.json files directly inside a directory, sorted. */
function expandPactPath(path: string): string[] {
  const full = resolve(path);
  let stats;
  try {
    stats = statSync(full);
  } catch {
    throw new Error(`${path}: no such file or directory.`);
  }
  if (!stats.isDirectory()) return [full];
  return readdirSync(full)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(full, name));
}
