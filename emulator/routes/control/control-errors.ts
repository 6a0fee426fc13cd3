import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AntomError, fieldPath } from '../../../protocol/index.js';
import { KeyFormatError } from '../../../protocol/keys.js';
import { storageProblemOf, type StorageUnavailable } from '../../storage/storage-errors.js';

/** Control API errors: a 4xx with `{ error: { code, message } }`, never a 5xx for bad input. */
export class ControlError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

const STATUS_OF: Record<string, number> = { ORDER_NOT_EXIST: 404, PARAM_ILLEGAL: 400, ORDER_STATUS_INVALID: 409 };

export function parseControl<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ControlError(400, 'BAD_REQUEST', `${fieldPath(issue.path) || 'body'}: ${issue.message}`);
}

export function controlErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
  if (error instanceof AntomError) {
    return reply.code(STATUS_OF[error.code] ?? 409).send({ error: { code: error.code, message: error.message } });
  }
  if (error instanceof KeyFormatError) return reply.code(400).send({ error: { code: 'BAD_KEY', message: error.message } });
  const statusCode = (error as FastifyError).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return reply.code(statusCode).send({ error: { code: (error as FastifyError).code ?? 'BAD_REQUEST', message: error.message } });
  }
  const storage = storageProblemOf(error);
  if (storage) {
    request.log.warn({ url: request.url, sqlite: storage.sqliteCode }, storage.sentence);
    return reply.code(503).send(storageUnavailableBody(storage));
  }
  request.log.error({ err: error }, 'unexpected error in a control route');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Unexpected error; see the sandbox log.' } });
}

/** The control API's answer to a data file that cannot take a write (also used for a failed group COMMIT). */
export function storageUnavailableBody(storage: StorageUnavailable): { error: { code: 'STORAGE_UNAVAILABLE'; message: string } } {
  return { error: { code: 'STORAGE_UNAVAILABLE', message: storage.sentence } };
}
