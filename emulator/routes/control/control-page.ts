import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VIEWS_DIR } from '../../package-root.js';
import { pickLanguage } from '../pages/page-text.js';
import { CONTROL_COOKIE, cookieValueFor, isAuthorized, sameSecret } from './control-auth.js';
import { loginPage } from './control-login.js';
import { controlSecurityHeaders, jsonForScriptElement, loadControlAssets, newPageNonce } from './control-page-assets.js';

/** The page language as the hosted pages pick it: ?lang= (or the login form's), then Accept-Language, then Korean. */
function languageOf(request: FastifyRequest) {
  const fromBody = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>).lang : undefined;
  return pickLanguage(fromBody ?? (request.query as Record<string, unknown> | undefined)?.lang, request.headers['accept-language']);
}

/**
 * The control page at /_sandbox: a static HTML shell, its stylesheet and scripts under
 * /_sandbox/assets/, all built on the control API, under a nonce CSP. With --control-token it
 * first asks for the token and sets an HttpOnly cookie the API accepts.
 */
export async function controlPagePlugin(app: FastifyInstance): Promise<void> {
  const token = app.sandbox.config.controlToken;
  const html = readFileSync(join(VIEWS_DIR, 'control-page.html'), 'utf8').replace(
    '{{pageData}}',
    jsonForScriptElement({ brands: app.sandbox.brands.all().map((b) => ({ code: b.code, nameKo: b.nameKo, nameEn: b.nameEn })) }),
  );
  // the page shows its log-out button only when there is a token to log out of
  const shell = token === undefined ? html : html.replace('<body>', '<body data-control-token>');
  const assets = loadControlAssets();
  const secured = (reply: FastifyReply) => {
    const nonce = newPageNonce();
    reply.headers(controlSecurityHeaders(nonce)).type('text/html; charset=utf-8');
    return nonce;
  };
  const loginForm = (request: FastifyRequest, reply: FastifyReply, failed: boolean) =>
    reply.code(401).send(loginPage({ failed, nonce: secured(reply), lang: languageOf(request) }));

  // the login form is urlencoded; this parser lives only in this plugin's context
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.get('/_sandbox', async (request, reply) => {
    if (token !== undefined && !isAuthorized(request, token)) return loginForm(request, reply, false);
    const nonce = secured(reply);
    return reply.send(shell.replaceAll('{{nonce}}', nonce).replace('{{lang}}', languageOf(request)));
  });

  // the page's own files: public like the page's HTML shell, they hold no data
  app.get('/_sandbox/assets/:name', async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('No such asset.');
    return reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).type(asset.type).send(asset.body);
  });

  app.post('/_sandbox/login', async (request, reply) => {
    const given = (request.body as Record<string, unknown> | undefined)?.token;
    if (token === undefined) return reply.redirect('/_sandbox', 303);
    if (typeof given !== 'string' || !sameSecret(given, token)) {
      return loginForm(request, reply, true);
    }
    reply.header('set-cookie', `${CONTROL_COOKIE}=${cookieValueFor(token)}; Path=/_sandbox; HttpOnly; SameSite=Strict`);
    return reply.redirect('/_sandbox', 303);
  });

  app.post('/_sandbox/logout', async (_request, reply) => {
    reply.header('set-cookie', `${CONTROL_COOKIE}=; Path=/_sandbox; HttpOnly; SameSite=Strict; Max-Age=0`);
    return reply.redirect('/_sandbox', 303);
  });
}
