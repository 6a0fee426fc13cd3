/** The Antom APIs the sandbox speaks (protocol §1), each under both path prefixes. */
export const ANTOM_APIS = ['pay', 'inquiryPayment', 'cancel', 'refund', 'inquiryRefund', 'capture'] as const;
export type AntomApi = (typeof ANTOM_APIS)[number];

export const API_PREFIXES = ['/ams/api/v1/payments/', '/ams/sandbox/api/v1/payments/'] as const;

export function apiPath(api: AntomApi, sandboxPrefix = false): string {
  return `${sandboxPrefix ? API_PREFIXES[1] : API_PREFIXES[0]}${api}`;
}

/** The official SDKs switch to the sandbox prefix on their own for client ids starting SANDBOX_. */
export function apiPathForClient(api: AntomApi, clientId: string): string {
  return apiPath(api, clientId.startsWith('SANDBOX_'));
}
