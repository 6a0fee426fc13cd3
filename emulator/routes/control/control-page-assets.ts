import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DIR } from '../../package-root.js';
import { pageSecurityHeaders } from '../pages/page-headers.js';

/** The control page's own files, served from /_sandbox/assets/ (no CDN, no framework). */
const ASSET_TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' } as const;
const ASSET_FILES = ['control-page.css', 'control-text.js', 'control-dom.js', 'control-payments.js', 'control-tools.js', 'control-check.js', 'control-page.js'] as const;

export interface ControlAsset {
  body: string;
  type: string;
}

/** Read once at start-up: the set is fixed, so a request can never name another file. */
export function loadControlAssets(): ReadonlyMap<string, ControlAsset> {
  const assets = new Map<string, ControlAsset>();
  for (const name of ASSET_FILES) {
    const type = ASSET_TYPES[name.endsWith('.css') ? '.css' : '.js'];
    assets.set(name, { body: readFileSync(join(VIEWS_DIR, 'control', name), 'utf8'), type });
  }
  return assets;
}

export function newPageNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Headers of the control page and its login form, as strict as the hosted pages': nothing
 * loads unless it carries this response's nonce, the page talks only to its own origin
 * (the control API and its event stream), and no other site may frame it.
 */
export function controlSecurityHeaders(nonce: string): Record<string, string> {
  return {
    // the hosted pages' Referrer-Policy, nosniff, DENY framing and no-store, with this page's own policy
    ...pageSecurityHeaders(nonce),
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

/** JSON inside <script type="application/json">: no "<" may close the element early. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
