import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadPrivateKey } from '../../protocol/index.js';
import { buildSandbox } from '../app.js';
import type { SandboxOptions } from '../config.js';
import { FIXTURES_DIR } from '../package-root.js';
import { createProviderStates, notifyTypeOfDescription, PROVIDER_STATES, type ProviderStateName } from './verify-provider-states.js';
import { createRequestSigner } from './verify-request-signer.js';

type PactModule = typeof import('@pact-foundation/pact');

/** @pact-foundation/pact is a devDependency of the sandbox: a merchant installs it to verify. */
export class PactNotInstalledError extends Error {
  override name = 'PactNotInstalledError';
  constructor(cause: unknown) {
    super(
      'antom-sandbox verify needs @pact-foundation/pact, which is not installed.\n' +
        'Install it next to antom-sandbox (it is a development dependency of the sandbox):\n' +
        '  npm install --save-dev @pact-foundation/pact@16.5.0',
      { cause },
    );
  }
}

export async function loadPact(): Promise<PactModule> {
  try {
    const loaded = (await import('@pact-foundation/pact')) as PactModule & { default?: PactModule };
    return loaded.Verifier ? loaded : loaded.default!;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new PactNotInstalledError(error);
    throw error;
  }
}

export interface VerifyRunOptions {
  pactFiles: string[];
  /** the merchant whose key re-signs each replayed request; default the demo merchant */
  clientId?: string;
  privateKeyPem?: string;
  sandbox?: SandboxOptions;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

export interface VerifyRunResult {
  ok: boolean;
  /** the verifier's JSON result (pact_ffi's verifier JSON), parsed when it is JSON */
  results: unknown;
  /** the raw error text when the verifier did not produce JSON */
  error?: string;
  /** state names the pacts use that the sandbox does not provide */
  unknownStates: string[];
  /** the sandbox's signature verdict on each replayed request (request journal): VALID → count */
  signatureVerdicts: Record<string, number>;
}

const DEMO_CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';

/**
 * Verifies pact files against a fresh in-memory sandbox on a random port: HTTP interactions
 * through Pact's proxy (re-signed with a real merchant key) and asynchronous messages (the
 * notifications the states produced, signed by the sandbox) in one Verifier run.
 */
export async function runPactVerification(options: VerifyRunOptions): Promise<VerifyRunResult> {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  const pact = await loadPact();
  const clientId = options.clientId ?? DEMO_CLIENT_ID;
  const privateKey = loadPrivateKey(options.privateKeyPem ?? readFileSync(join(FIXTURES_DIR, 'keys', 'demo-merchant-private.pem'), 'utf8'));
  const app = await buildSandbox({ data: ':memory:', logLevel: 'silent', notifyRetries: 'none', ...options.sandbox, port: 0 });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const providerBaseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const states = createProviderStates(app.sandbox, clientId);
    const stateHandlers = Object.fromEntries(Object.entries(states.handlers).map(([name, handler]) => [name, async () => handler()]));
    // each message interaction is answered with the notification its state produced; its
    // description names the notifyType it expects (PAYMENT_RESULT, CAPTURE_RESULT, REFUND_RESULT)
    const messageProviders = Object.fromEntries(
      messageDescriptionsIn(options.pactFiles).map((description) => [
        description,
        async () => {
          const notification = await states.notificationOf(notifyTypeOfDescription(description));
          return { __pactMessageMetadata: { contentType: 'application/json', ...notification.headers }, message: notification.body };
        },
      ]),
    );
    const verifier = new pact.Verifier({
      provider: 'antom',
      providerBaseUrl,
      pactUrls: options.pactFiles,
      stateHandlers,
      messageProviders,
      requestFilter: createRequestSigner({ clientId, privateKey }) as never,
      logLevel: options.logLevel ?? 'error',
    });
    const unknownStates = statesUsedBy(options.pactFiles).filter((name) => !(name in PROVIDER_STATES));
    // the sandbox checked every replayed request's signature as it checks any merchant's
    const verdicts = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const entry of app.sandbox.journal.list()) counts[entry.verdict ?? 'NONE'] = (counts[entry.verdict ?? 'NONE'] ?? 0) + 1;
      return counts;
    };
    try {
      const output = await verifier.verifyProvider();
      return { ok: true, results: parseJson(output), unknownStates, signatureVerdicts: verdicts() };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const results = parseJson(text);
      return { ok: false, results, ...(results === undefined ? { error: text } : {}), unknownStates, signatureVerdicts: verdicts() };
    }
  } finally {
    await app.close();
  }
}

interface PactFile {
  interactions?: Array<{ type?: string; description: string; providerStates?: Array<{ name: string }>; providerState?: string }>;
}
const readPact = (file: string): PactFile => JSON.parse(readFileSync(file, 'utf8')) as PactFile;

/** Provider state names used by the interactions of the given pact files. */
export function statesUsedBy(pactFiles: string[]): string[] {
  const names = new Set<string>();
  for (const file of pactFiles) {
    for (const interaction of readPact(file).interactions ?? []) {
      for (const state of interaction.providerStates ?? []) names.add(state.name);
      if (interaction.providerState) names.add(interaction.providerState);
    }
  }
  return [...names];
}

/** Descriptions of the asynchronous message interactions (V4) of the given pact files. */
export function messageDescriptionsIn(pactFiles: string[]): string[] {
  const descriptions = new Set<string>();
  for (const file of pactFiles) {
    for (const interaction of readPact(file).interactions ?? []) {
      if (interaction.type === 'Asynchronous/Messages') descriptions.add(interaction.description);
    }
  }
  return [...descriptions];
}

export const KNOWN_STATES = Object.keys(PROVIDER_STATES) as ProviderStateName[];

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
