import { createHash, createPublicKey } from 'node:crypto';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatAntomTime, isResultCode, resultOf } from '../../../protocol/index.js';
import type { ApiFault } from '../../domain/scenario-rules.js';
import { shownHeaders, type JournalInput } from '../../services/request-journal.js';
import { signedPathOfRequest } from './antom-api-plugin.js';

interface CallState {
  startedAt: number;
  at: number;
  fault: ApiFault | undefined;
  faultLabel: string | null;
  responseBody: string | null;
}

/**
 * Scenario faults seen by the merchant's HTTP client (latency, no answer, 5xx, dropped
 * connection, a forced result code, a bad response signature) and the request journal.
 * Registered inside the Antom API plugin after its own hooks, so a fault is chosen only for a
 * call whose signature was checked, and the bad signature replaces a real one.
 */
export function registerApiFaultHooks(app: FastifyInstance): void {
  const { scenarios, journal, clock } = app.sandbox;
  const calls = new WeakMap<FastifyRequest, CallState>();
  // sockets left unanswered on purpose, and pending latencies: ended when the server closes
  const silent = new Set<Socket>();
  const waits = new Set<() => void>();

  app.addHook('onClose', async () => {
    for (const socket of silent) socket.destroy();
    silent.clear();
    for (const wake of waits) wake();
  });

  app.addHook('onRequest', async (request) => {
    calls.set(request, { startedAt: performance.now(), at: clock.now(), fault: undefined, faultLabel: null, responseBody: null });
  });

  app.addHook('preHandler', async (request, reply) => {
    const api = request.antom.api;
    const state = calls.get(request);
    if (!api || !state) return;
    const fault = scenarios.apiFault(api, request.antom.clientId, request.antom.json);
    if (!fault) return;
    state.fault = fault;
    state.faultLabel = labelOf(fault);
    if (fault.latencyMs) await wait(fault.latencyMs, waits);
    if (fault.noAnswer) {
      journal.add(entryOf(request, state, null));
      reply.hijack();
      const socket = request.raw.socket;
      silent.add(socket);
      socket.once('close', () => silent.delete(socket));
      return reply;
    }
    if (fault.dropConnection) {
      journal.add(entryOf(request, state, null));
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.httpStatus) {
      return reply.code(fault.httpStatus).send({ result: resultOf('UNKNOWN_EXCEPTION', `scenario: the gateway answered HTTP ${fault.httpStatus}`) });
    }
    if (fault.resultCode && isResultCode(fault.resultCode)) {
      return reply.code(200).send({ result: resultOf(fault.resultCode) });
    }
    return undefined;
  });

  // runs after the plugin's own onSend, which signed the response
  app.addHook('onSend', async (request, reply, payload) => {
    const state = calls.get(request);
    if (state) state.responseBody = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (state?.fault?.badSignature) {
      const header = String(reply.getHeader('signature') ?? '');
      reply.header('signature', corruptSignature(header));
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const state = calls.get(request);
    if (state) journal.add(entryOf(request, state, reply.statusCode));
  });
}

function entryOf(request: FastifyRequest, state: CallState, httpStatus: number | null): JournalInput {
  const context = request.antom;
  const verification = context?.verification;
  const rawBody = context?.rawBody?.length ? context.rawBody : Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return {
    at: formatAntomTime(state.at),
    method: request.method,
    path: signedPathOfRequest(request),
    api: context?.api ?? null,
    clientId: context?.clientId ?? '',
    verdict: verification?.verdict ?? null,
    expectedSignedText: verification?.expectedSignedText ?? null,
    key: verification?.keyUsed ? { fingerprint: fingerprintOf(verification.keyUsed), pem: verification.keyUsed } : null,
    requestHeaders: shownHeaders(request.headers),
    requestBody: rawBody.toString('utf8'),
    httpStatus,
    responseBody: state.responseBody,
    resultCode: resultCodeOf(state.responseBody),
    fault: state.faultLabel,
    durationMs: Math.round(performance.now() - state.startedAt),
  };
}

function labelOf(fault: ApiFault): string {
  const parts: string[] = [];
  if (fault.latencyMs) parts.push(`latency ${fault.latencyMs} ms`);
  if (fault.noAnswer) parts.push('noAnswer');
  if (fault.dropConnection) parts.push('dropConnection');
  if (fault.httpStatus) parts.push(`httpStatus ${fault.httpStatus}`);
  if (fault.resultCode) parts.push(`resultCode ${fault.resultCode}`);
  if (fault.badSignature) parts.push('badSignature');
  return parts.join(', ');
}

/** SHA-256 of the key's DER (SubjectPublicKeyInfo), as "SHA256:<hex>". */
export function fingerprintOf(pem: string): string {
  try {
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return `SHA256:${createHash('sha256').update(der).digest('hex')}`;
  } catch {
    return 'unknown';
  }
}

/** A well-formed header whose signature does not verify (the bytes are changed, not the shape). */
export function corruptSignature(header: string): string {
  return header.replace(/signature=([^,]*)$/, (_m, value: string) => {
    const decoded = Buffer.from(decodeURIComponent(value), 'base64');
    if (decoded.length > 0) decoded[0] = decoded[0]! ^ 0xff;
    return `signature=${encodeURIComponent(decoded.toString('base64'))}`;
  });
}

/** The result code of a response body, read without parsing the whole JSON (this runs on every call). */
function resultCodeOf(body: string | null): string | null {
  if (!body) return null;
  return /"resultCode"\s*:\s*"([A-Za-z0-9_]+)"/.exec(body)?.[1] ?? null;
}

function wait(ms: number, waits: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      waits.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    waits.add(wake);
  });
}
