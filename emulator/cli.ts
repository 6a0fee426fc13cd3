#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { buildSandbox } from './app.js';
import { ConfigError } from './config.js';
import { helpText, parseCliOptions } from './cli-options.js';

/** The CLI only parses flags, builds the app, listens and handles signals. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(helpText());
    return 0;
  }
  if (command === 'keys') return printKeys(rest);
  if (command === 'verify') {
    const { runVerifyCommand } = await import('./verify-command.js');
    return runVerifyCommand(rest);
  }
  return start(argv);
}

async function printKeys(argv: string[]): Promise<number> {
  const config = parseCliOptions(argv, process.env);
  const app = await buildSandbox({ ...config, data: ':memory:', logLevel: 'silent' });
  const { publicKeyPem, publicKeyBase64 } = app.sandbox.signer;
  await app.close();
  console.log(publicKeyPem.trim());
  console.log('');
  console.log(publicKeyBase64);
  return 0;
}

async function start(argv: string[]): Promise<number> {
  const config = parseCliOptions(argv, process.env);
  const app = await buildSandbox(config);
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

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`antom-sandbox: ${error.message}`);
      process.exit(2);
    }
    console.error('antom-sandbox: failed to start:', error);
    process.exit(1);
  },
);
