#!/usr/bin/env node
/**
 * The `antom-sandbox` command. It only dispatches: each subcommand lives beside the code it
 * drives (the emulator's in emulator/, the merchant-side ones in client/), so emulator and
 * client keep never importing each other. Subcommands load lazily: starting the sandbox pays
 * for nothing else.
 */
type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  keys: async () => (await import('../emulator/keys-command.js')).runKeysCommand,
  verify: async () => (await import('../emulator/verify/verify-command.js')).runVerifyCommand,
  check: async () => (await import('../emulator/check/check-command.js')).runCheckCommand,
  call: async () => (await import('../client/commands/call/call-command.js')).runCallCommand,
  sign: async () => (await import('../client/commands/sign/sign-command.js')).runSignCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    const { helpText } = await import('../emulator/cli-options.js');
    console.log(helpText());
    return 0;
  }
  const load = command === undefined ? undefined : COMMANDS[command];
  if (load) return (await load())(rest);
  const { runServeCommand } = await import('../emulator/serve-command.js');
  return runServeCommand(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: the sandbox is serving; signals end the process
    if (code >= 0) process.exit(code);
  },
  async (error: unknown) => {
    const { ConfigError } = await import('../emulator/config.js');
    if (error instanceof ConfigError) {
      console.error(`antom-sandbox: ${error.message}`);
      process.exit(2);
    }
    // the serve command prints its own start-up sentences; this is any other command's surprise
    const debug = /^(debug|trace)$/.test(process.env.ANTOM_SANDBOX_LOG_LEVEL ?? '') || /--log-level[= ](debug|trace)/.test(process.argv.join(' '));
    const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    console.error(`antom-sandbox: ${message} (ANTOM_SANDBOX_LOG_LEVEL=debug shows where).`);
    if (debug) console.error(error);
    process.exit(1);
  },
);
