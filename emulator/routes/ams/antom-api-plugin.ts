import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AntomError, ANTOM_APIS, API_PREFIXES, formatAntomTime, resultOf, signedPathOf, type AntomApi } from '../../../protocol/index.js';
import { clientIdOf, verifyRequestSignature, type VerificationVerdict } from './verify-request-signature.js';
import { paymentRoutes } from './payment-routes.js';
import { registerApiFaultHooks } from './api-fault-hooks.js';
import { ClientRateLimiter } from '../../services/rate-limiter.js';
import { storageProblemOf, type StorageUnavailable } from '../../storage/storage-errors.js';

/** What the Antom layer learned about a request; routes read `json` and `clientId`. */
export interface AntomRequestContext {
  api: AntomApi | undefined;
  rawBody: Buffer;
  json: unknown;
  clientId: string;
  verification: VerificationVerdict | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    antom: AntomRequestContext;
  }
  interface FastifyContextConfig {
    antomApi?: AntomApi;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

const KNOWN_PATHS = new Set(API_PREFIXES.flatMap((prefix) => ANTOM_APIS.map((api) => `${prefix}${api}`)));

/** The `<path>` the request's and the response's signatures cover (protocol §2). */
export function signedPathOfRequest(request: FastifyRequest): string {
  return signedPathOf(request.originalUrl);
}

/**
 * The Antom API surface (protocol §1–§3), encapsulated: its own body parsing (raw bytes, for
 * signature checks), the request signature hook, Antom-shaped errors at HTTP 200, and signed
 * responses. Hosted pages and the control API are untouched by any of it.
 */
export async function antomApiPlugin(app: FastifyInstance): Promise<void> {
  const { merchants, signer, clock, config, commits } = app.sandbox;

  const limiter = config.rateLimitPerSecond ? new ClientRateLimiter(clock, config.rateLimitPerSecond) : undefined;

  app.decorateRequest('antom', null as unknown as AntomRequestContext);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request) => {
    request.antom = { api: request.routeOptions.config.antomApi, rawBody: Buffer.alloc(0), json: undefined, clientId: clientIdOf(request.headers), verification: undefined };
  });

  app.addHook('preHandler', async (request) => {
    const context = request.antom;
    if (!context.api) return;
    context.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verification = await verifyRequestSignature({
      method: request.method,
      path: signedPathOfRequest(request),
      headers: request.headers,
      rawBody: context.rawBody,
      merchants,
      acceptAnyClient: config.acceptAnyClient,
    });
    context.verification = verification;
    context.clientId = verification.clientId;
    if (verification.error) throw verification.error;
    // after the signature check, so requests forged in a merchant's name cannot use up its budget
    if (limiter && !limiter.take(context.clientId)) {
      throw new AntomError('REQUEST_TRAFFIC_EXCEED_LIMIT', `More than ${config.rateLimitPerSecond} requests per second from client id "${context.clientId}" (--rate-limit); retry later.`);
    }
    const contentType = headerValue(request, 'content-type') ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      throw new AntomError('MEDIA_TYPE_NOT_ACCEPTABLE', `Content-Type "${contentType || '(none)'}" is not accepted; send application/json; charset=UTF-8.`);
    }
    try {
      context.json = JSON.parse(context.rawBody.toString('utf8'));
    } catch {
      throw new AntomError('PARAM_ILLEGAL', 'body: not valid JSON.');
    }
    if (context.json === null || typeof context.json !== 'object' || Array.isArray(context.json)) {
      throw new AntomError('PARAM_ILLEGAL', 'body: must be a JSON object.');
    }
  });

  // protocol §2: every response is signed, errors included
  app.addHook('onSend', async (request, reply, payload) => {
    let body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload : JSON.stringify(payload ?? '');
    // group commit (storage/commit-group.ts): the answer leaves once what it tells of is committed
    try {
      await commits.durableSince(request.commitMark ?? commits.mark());
    } catch (error) {
      const storage = storageProblemOf(error);
      if (!storage) throw error;
      reply.code(200);
      body = JSON.stringify(storageFailureBody(request, storage));
    }
    const clientId = request.antom?.clientId ?? '';
    const time = formatAntomTime(clock.now());
    const signature = await signer.signatureHeader({ method: request.method, path: signedPathOfRequest(request), clientId, time, body });
    reply.header('content-type', 'application/json; charset=UTF-8');
    reply.header('client-id', clientId);
    reply.header('response-time', time);
    reply.header('signature', signature);
    return body;
  });
  registerApiFaultHooks(app);

  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));

  await app.register(paymentRoutes);

  // protocol §1: other methods on known paths, and unknown paths under /ams/
  app.route({
    method: ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST'],
    url: '/ams/*',
    handler: async (request) => {
      const path = signedPathOfRequest(request);
      if (KNOWN_PATHS.has(path)) throw new AntomError('METHOD_NOT_SUPPORTED', `${request.method} is not supported on ${path}; use POST.`);
      throw new AntomError('NO_INTERFACE_DEF', `No Antom API at ${path}.`);
    },
  });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendError(error: FastifyError | AntomError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AntomError) return reply.code(200).send({ result: error.toResult() });
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send({ result: resultOf('PARAM_ILLEGAL', `body: larger than the ${BODY_LIMIT_BYTES} byte limit.`) });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.code(200).send({ result: resultOf('MEDIA_TYPE_NOT_ACCEPTABLE') });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(200).send({ result: resultOf('PARAM_ILLEGAL', error.message) });
  }
  const storage = storageProblemOf(error);
  if (storage) return reply.code(200).send(storageFailureBody(request, storage));
  request.log.error({ err: error, url: request.url }, 'unexpected error in an Antom API route');
  return reply.code(200).send({ result: resultOf('UNKNOWN_EXCEPTION') });
}

/** A call the data file could not take (a failed statement or a failed group COMMIT): U, with the sentence, logged once. */
function storageFailureBody(request: FastifyRequest, storage: StorageUnavailable) {
  request.log.warn({ url: request.url, sqlite: storage.sqliteCode }, storage.sentence);
  return { result: resultOf('UNKNOWN_EXCEPTION', storage.sentence) };
}
