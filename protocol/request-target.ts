/**
 * The request target of an HTTP request line (RFC 9112 §3.2) and the `<path>` the Antom
 * signature covers (protocol §2).
 *
 * HTTP clients send the target in origin form (`/ams/api/v1/payments/pay`) or absolute form
 * (`https://host:443/ams/api/v1/payments/pay`; the official Python SDK does this). Antom signs
 * over the path alone, so every part of the sandbox that reasons about "the path" (request
 * verification, response signing, the journal, routing, the Pact re-signer) derives it here
 * and nowhere else. The path is kept byte for byte as sent: `//` and percent-escapes stay,
 * because the signer signed the characters it put on the wire.
 */

const ABSOLUTE_FORM = /^https?:\/\//i;

/**
 * The target in origin form: `scheme://authority` of an absolute-form target removed (an empty
 * path becomes `/`), anything else returned unchanged. Query and fragment are kept.
 */
export function originFormOf(target: string): string {
  const scheme = ABSOLUTE_FORM.exec(target);
  if (!scheme) return target;
  const rest = target.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  if (authorityEnd === -1) return '/';
  const tail = rest.slice(authorityEnd);
  return tail.startsWith('/') ? tail : `/${tail}`;
}

/** The `<path>` of the signed text: the origin-form target without query or fragment. */
export function signedPathOf(target: string): string {
  const origin = originFormOf(target);
  const end = origin.search(/[?#]/);
  const path = end === -1 ? origin : origin.slice(0, end);
  return path === '' ? '/' : path;
}
