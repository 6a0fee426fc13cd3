import type { KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadPublicKey, type AntomNotification } from '../protocol/index.js';
import { AntomClientError } from './errors.js';
import { NOTIFICATION_ACK_BODY, verifyNotification } from './notifications.js';

export interface NotificationPluginOptions {
  /** the route, e.g. "/antom/notify" (relative to any prefix you register the plugin under) */
  path: string;
  antomPublicKey: string | Buffer | KeyObject;
  /** refuse notifications for other client ids */
  clientId?: string;
  /** the path Antom signs (your notify URL's path) when a proxy in front rewrites it; default the request path */
  signedPath?: string;
  /** runs for each verified notification; throw to make Antom deliver it again later */
  handler: (notification: AntomNotification, request: FastifyRequest) => unknown;
}

/**
 * Receives Antom notifications in a merchant's Fastify app: keeps the raw body (the signature
 * covers the bytes, not the JSON), verifies, calls the handler, then acknowledges with the exact
 * body Antom expects. Anything but that ack makes Antom retry, which is what a merchant wants
 * when the signature is bad or its own handler failed.
 * Registered without fastify-plugin on purpose: the raw-body parser stays inside this plugin.
 */
export async function antomNotificationPlugin(app: FastifyInstance, options: NotificationPluginOptions): Promise<void> {
  const antomPublicKey = loadPublicKey(options.antomPublicKey);
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(options.path, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let notification: AntomNotification;
    try {
      notification = verifyNotification(rawBody, request.headers, options.signedPath ?? request.url, { antomPublicKey, clientId: options.clientId });
    } catch (error) {
      if (!(error instanceof AntomClientError)) throw error;
      request.log.warn({ err: error }, 'antom notification refused');
      return reply.code(error.name === 'SignatureError' ? 401 : 400).send({ error: error.name, message: error.message });
    }
    await options.handler(notification, request);
    return reply.code(200).header('content-type', 'application/json').send(NOTIFICATION_ACK_BODY);
  });
}
