import { randomBytes } from 'node:crypto';

/** A fresh nonce per response: the only way the page's own <style> block may apply. */
export function newStyleNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Headers of every hosted page. No script may run at all (the pages need none), styles only
 * from the nonce'd block and the nonce'd font stylesheet, fonts only from the sandbox, forms
 * only to the sandbox itself and to the merchant's return origin (Chromium checks form-action
 * against the redirect after a post too). The token sits in the
 * URL, so no Referer may carry it to the merchant, and no cache may keep it.
 */
export function pageSecurityHeaders(nonce: string, formTargetOrigin?: string): Record<string, string> {
  const formAction = ["'self'", ...(formTargetOrigin ? [formTargetOrigin] : [])].join(' ');
  return {
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      // the pages' own Korean web font (page-fonts.ts), from the sandbox itself
      "font-src 'self'",
      'img-src data:',
      `form-action ${formAction}`,
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}

/** The origin of an http(s) URL, for form-action; anything else gets none. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
