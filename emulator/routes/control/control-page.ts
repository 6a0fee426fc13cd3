import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { VIEWS_DIR } from '../../package-root.js';
import { CONTROL_COOKIE, cookieValueFor, isAuthorized, sameSecret } from './control-auth.js';

function loginPage(failed: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>antom-sandbox: log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>body{font:15px system-ui,sans-serif;background:#f4f5f7;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;min-width:18rem}
input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin-top:.5rem}button{background:#1677ff;color:#fff;border:0;border-radius:4px}
.err{color:#b00020}</style></head><body>
<form method="post" action="/_sandbox/login"><h1>antom-sandbox control</h1>
<p>This sandbox was started with <code>--control-token</code>.</p>
${failed ? '<p class="err" role="alert">Wrong token.</p>' : ''}
<label for="token">Control token</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button></form></body></html>`;
}

/**
 * The control page at /_sandbox: one static HTML file built on the control API. With
 * --control-token it first asks for the token and sets an HttpOnly cookie the API accepts.
 */
export async function controlPagePlugin(app: FastifyInstance): Promise<void> {
  const token = app.sandbox.config.controlToken;
  const html = readFileSync(join(VIEWS_DIR, 'control-page.html'), 'utf8');
  // the page shows its log-out button only when there is a token to log out of
  const page = token === undefined ? html : html.replace('<body>', '<body data-control-token>');

  // the login form is urlencoded; this parser lives only in this plugin's context
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.get('/_sandbox', async (request, reply) => {
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    if (token !== undefined && !isAuthorized(request, token)) return reply.code(401).send(loginPage(false));
    return reply.send(page);
  });

  app.post('/_sandbox/login', async (request, reply) => {
    const given = (request.body as Record<string, unknown> | undefined)?.token;
    if (token === undefined) return reply.redirect('/_sandbox', 303);
    if (typeof given !== 'string' || !sameSecret(given, token)) {
      return reply.code(401).type('text/html; charset=utf-8').send(loginPage(true));
    }
    reply.header('set-cookie', `${CONTROL_COOKIE}=${cookieValueFor(token)}; Path=/_sandbox; HttpOnly; SameSite=Strict`);
    return reply.redirect('/_sandbox', 303);
  });

  app.post('/_sandbox/logout', async (_request, reply) => {
    reply.header('set-cookie', `${CONTROL_COOKIE}=; Path=/_sandbox; HttpOnly; SameSite=Strict; Max-Age=0`);
    return reply.redirect('/_sandbox', 303);
  });
}
