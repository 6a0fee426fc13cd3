export { AntomClient, type AntomClientOptions, type AntomExchange } from './antom-client.js';
export * from './errors.js';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from './retry-policy.js';
export { verifyNotification, NOTIFICATION_ACK, NOTIFICATION_ACK_BODY, type NotificationHeaders, type VerifyNotificationOptions } from './notifications.js';
export { antomNotificationPlugin, type NotificationPluginOptions } from './notification-plugin.js';
export { CheckoutFlow, type CheckoutFlowOptions, type StartCheckoutInput } from './checkout-flow.js';
export * from './order-state.js';
