import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** --control-token: Bearer on the control API; the page logs in once and gets this cookie. */
export const CONTROL_COOKIE = 'antom_sandbox_control';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The cookie holds a digest of the token, not the token itself. */
export function cookieValueFor(token: string): string {
  return createHash('sha256').update(`antom-sandbox-control-cookie:${token}`).digest('hex');
}

/**
 * The one comparison of secrets in the control plane (Bearer, cookie, login form): digests
 * compared in constant time, so neither the length nor the content leaks through timing.
 */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** A cookie value with its %-escapes decoded; a malformed escape (`%E0`) is kept as sent, never thrown. */
function decodedCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodedCookie(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function isAuthorized(request: FastifyRequest, token: string): boolean {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match && sameSecret(match[1]!, token)) return true;
  }
  const cookie = readCookie(request, CONTROL_COOKIE);
  return cookie !== undefined && sameSecret(cookie, cookieValueFor(token));
}

/** onRequest hook for the control API: 401 with a sentence saying what to send. */
export function requireControlToken(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (token === undefined || isAuthorized(request, token)) return;
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="antom-sandbox control API"')
      .send({ error: { code: 'UNAUTHORIZED', message: 'The sandbox was started with --control-token: send "Authorization: Bearer <token>", or log in on the control page /_sandbox.' } });
  };
}
