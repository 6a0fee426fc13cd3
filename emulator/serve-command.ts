import type { AddressInfo } from 'node:net';
import { buildSandbox, type SandboxApp } from './app.js';
import { parseCliOptions } from './cli-options.js';
import { ConfigError, type SandboxConfig } from './config.js';
import { startupFailureSentence } from './startup-errors.js';
import { lowerHelperThreadPriority } from './helper-thread-priority.js';

/**
 * `antom-sandbox [flags]`: builds the app, listens and handles signals. Resolves with -1 while
 * serving (the process stays up until a signal closes it). A failure to start is one sentence
 * on stderr (the stack too at --log-level debug or trace) and exit code 2 for a setting, 1 for
 * anything else.
 */
export async function runServeCommand(argv: string[]): Promise<number> {
  let config: SandboxConfig;
  try {
    config = parseCliOptions(argv, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`antom-sandbox: ${error.message}`);
    return 2;
  }
  try {
    return await serve(config);
  } catch (error) {
    console.error(`antom-sandbox: ${startupFailureSentence(error, config)}`);
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error((error as Error)?.stack ?? error);
    return error instanceof ConfigError ? 2 : 1;
  }
}

async function serve(config: SandboxConfig): Promise<number> {
  const app: SandboxApp = await buildSandbox(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    // work in flight is in SQLite already; closing only stops timers and sockets
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`antom-sandbox: error while closing on ${signal}:`, error);
        process.exit(1);
      },
    );
    setTimeout(() => process.exit(0), 1_500).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  // this process is the sandbox's own: its event loop comes first (helper-thread-priority.ts)
  await lowerHelperThreadPriority();
  const address = app.server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  const listening = `${config.tls ? 'https' : 'http'}://${host}:${address.port}`;
  const base = app.sandbox.publicUrl();
  const merchants = app.sandbox.merchants.list().map((m) => m.clientId);
  console.log(
    [
      `antom-sandbox listening on ${listening}`,
      `  Antom API:     ${listening}/ams/api/v1/payments/pay  (also /ams/sandbox/api/...)`,
      `  control page:  ${base}/_sandbox`,
      `  health:        ${listening}/_sandbox/health`,
      `  public URL:    ${base}  (normalUrl and page links)`,
      `  data:          ${config.data}`,
      `  client ids:    ${merchants.join(', ') || '(none)'}${config.acceptAnyClient ? '  (--accept-any-client: any id accepted)' : ''}`,
      '  sandbox public key (verify responses and notifications with it):',
      app.sandbox.signer.publicKeyBase64,
    ].join('\n'),
  );
  return -1;
}

