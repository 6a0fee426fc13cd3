import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { SandboxEvent } from '../../services/sandbox-events.js';

/** real time between keep-alive comments: proxies and browsers drop a silent stream */
export const PING_INTERVAL_MS = 15_000;
/** how long a browser waits before reconnecting (the SSE `retry:` field) */
export const RECONNECT_MS = 2_000;

/** One Server-Sent Events frame: `event:` names the type, `data:` is one line of JSON. */
export function sseFrame(event: SandboxEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * GET /events: the live stream the control page listens to instead of polling. It sits behind
 * the control API's token hook like every other route; the response is written by hand on the
 * raw socket (reply.hijack), so Fastify neither buffers nor ends it.
 */
export async function eventsRoutes(app: FastifyInstance, options: { pingIntervalMs?: number } = {}): Promise<void> {
  const pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
  const { events } = app.sandbox;
  const open = new Set<ServerResponse>();

  // end every stream before the server waits for its connections to close
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get('/events', (_request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    open.add(stream);
    const unsubscribe = events.subscribe((event) => {
      stream.write(sseFrame(event));
    });
    // the one real-time timer of the control API; unref'd so it never keeps the process alive
    const ping = setInterval(() => stream.write(': ping\n\n'), pingIntervalMs).unref();
    const cleanUp = () => {
      clearInterval(ping);
      unsubscribe();
      open.delete(stream);
    };
    // 'close' also fires when the client goes away or the socket is destroyed
    stream.once('close', cleanUp);
  });
}
