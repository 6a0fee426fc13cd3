export { AntomClient, type AntomClientOptions } from './antom-client.js';
export * from './errors.js';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from './retry-policy.js';
