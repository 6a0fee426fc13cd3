import type { KeyObject } from 'node:crypto';
import { z } from 'zod';

const keyInput = z.union([z.string(), z.custom<KeyObject>((v) => typeof v === 'object' && v !== null && 'asymmetricKeyType' in v)]);

export const merchantConfigSchema = z.object({
  clientId: z.string().min(1).max(64),
  publicKey: keyInput,
  notifyUrl: z.url({ protocol: /^https?$/ }).optional(),
  name: z.string().max(128).optional(),
});
export type MerchantConfig = z.infer<typeof merchantConfigSchema>;

/** Everything buildSandbox accepts; the CLI fills it from flags and ANTOM_SANDBOX_* variables. */
export const sandboxConfigSchema = z.object({
  port: z.number().int().min(0).max(65535).default(4180),
  host: z.string().min(1).default('127.0.0.1'),
  /** SQLite file, or ':memory:' */
  data: z.string().min(1).default('.antom-sandbox/sandbox.db'),
  /** base of normalUrl and page links; default http://localhost:<port> once listening */
  publicUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
  /** the sandbox's private key (PEM or base64 text, or a KeyObject); default the fixture key */
  signingKey: keyInput.optional(),
  merchants: z.array(merchantConfigSchema).default([]),
  /** register the merchants of fixtures/merchants.json (the demo merchant) */
  fixtureMerchants: z.boolean().default(true),
  acceptAnyClient: z.boolean().default(false),
  notifyRetries: z.enum(['antom', 'none']).default('antom'),
  notifyTimeoutMs: z.number().int().min(1).max(600_000).default(5_000),
  captureDelayMs: z.number().int().min(0).max(30 * 24 * 3600_000).default(1_000),
  controlToken: z.string().min(1).optional(),
  /** serve HTTPS: with tlsCert + tlsKey, else a self-signed certificate kept beside the data file */
  tls: z.boolean().default(false),
  /** PEM certificate text (the CLI reads --tls-cert's file); giving it and tlsKey implies tls */
  tlsCert: z.string().optional(),
  /** PEM private key text */
  tlsKey: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** scenario presets to load at start (JSON file) */
  scenarios: z.string().optional(),
  /** request journal entries kept */
  journalLimit: z.number().int().min(0).max(100_000).default(1_000),
  /** optional per-client limit of Antom API requests per second */
  rateLimitPerSecond: z.number().int().min(1).optional(),
});
export type SandboxOptions = z.input<typeof sandboxConfigSchema>;
export type SandboxConfig = z.output<typeof sandboxConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function resolveConfig(options: SandboxOptions = {}): SandboxConfig {
  const parsed = sandboxConfigSchema.safeParse(options);
  if (parsed.success) {
    const config = parsed.data;
    if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) {
      throw new ConfigError(
        `--tls-cert and --tls-key go together: ${config.tlsCert ? '--tls-key' : '--tls-cert'} is missing; give both, or neither for a self-signed certificate (--tls).`,
      );
    }
    return config.tlsCert ? { ...config, tls: true } : config;
  }
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`Invalid setting ${issue.path.join('.') || '(options)'}: ${issue.message}`);
}
