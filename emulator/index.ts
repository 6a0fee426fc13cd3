export { buildSandbox, type SandboxApp } from './app.js';
export { resolveConfig, ConfigError, type SandboxConfig, type SandboxOptions } from './config.js';
export { VirtualClock } from './clock/virtual-clock.js';
export { ANTOM_RETRY_SCHEDULE_MS } from './services/notification-outbox.js';
export type { SandboxServices } from './services/sandbox-services.js';
export { startSandbox, type RunningSandbox, type StartSandboxOptions } from './start-sandbox.js';
export { SandboxControl, SandboxControlError, type SandboxPayment, type SandboxNotification, type ScenarioRule } from './sandbox-control.js';
