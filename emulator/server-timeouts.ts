/**
 * The HTTP server's timeouts, set explicitly so idle and trickling clients (slow-loris) cannot
 * hold sockets for ever (issue #19; test/resilience/connection-timeouts.test.ts).
 */
export interface ServerTimeouts {
  /** the request line and headers must arrive within this (Node's headersTimeout) */
  headersMs: number;
  /** the whole request, body included, must arrive within this (Node's requestTimeout) */
  requestMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveMs: number;
  /**
   * a socket with no traffic at all is destroyed after this: above the longest scenario latency
   * (latencyMs ≤ 120 s), so a `noAnswer` call still looks like a hang to the client first
   */
  socketIdleMs: number;
  /** how often Node checks the header and request deadlines (its default, 30 s, would let them overrun that much) */
  checkEveryMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  // longer than the usual client pools' idle time (undici 4 s, Node 5 s), so the client closes first
  keepAliveMs: 72_000,
  socketIdleMs: 150_000,
  checkEveryMs: 1_000,
};

/** Fastify's server options for these timeouts (`http` also serves as the https options' base). */
export function fastifyTimeoutOptions(t: ServerTimeouts) {
  return {
    connectionTimeout: t.socketIdleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    nodeServerOptions: { headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs },
  };
}
