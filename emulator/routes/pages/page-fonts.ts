import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The pages' own Korean web font, served by the sandbox itself (the pages' CSP allows fonts from
 * 'self' only), so they look the same on every machine, with or without a CJK system font, as a
 * real checkout does. Noto Sans KR (SIL OFL 1.1) from the npm package
 * @fontsource-variable/noto-sans-kr: one variable face (weights 100 to 900) cut into ~120 woff2
 * slices by unicode-range, so a page loads only the slices of the characters it shows (~0.3 MB
 * for the brand page). The files are read from node_modules at run time (a runtime dependency,
 * so in the published package and the Docker image too).
 */
export const FONT_FAMILY = 'Noto Sans KR Variable';
/** the stylesheet of @font-face rules; its font URLs are relative to it (files/...) */
export const FONT_STYLESHEET_PATH = '/checkout-page/fonts/noto-sans-kr/index.css';

const FONT_PACKAGE = '@fontsource-variable/noto-sans-kr';
const FILE_NAME = /^noto-sans-kr-[a-z0-9-]+-wght-normal\.woff2$/;
// fixed for a package version, not per payment: any cache may keep them for a day
const CACHE = 'public, max-age=86400';

const packageDir = () => dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));

/** Registers the stylesheet and the font files under the pages' prefix (`/checkout-page`). */
export async function pageFontRoutes(app: FastifyInstance): Promise<void> {
  const dir = packageDir();
  const stylesheetRoute = FONT_STYLESHEET_PATH.replace(/^\/checkout-page/, '');
  const filesRoute = `${dirname(stylesheetRoute)}/files/:file`;

  app.get(stylesheetRoute, async (_request, reply) => {
    reply.headers({ 'cache-control': CACHE, 'x-content-type-options': 'nosniff' }).type('text/css; charset=utf-8');
    return readFile(join(dir, 'index.css'));
  });

  app.get(filesRoute, async (request, reply) => {
    const { file } = request.params as { file: string };
    // a fixed shape of name: nothing else of the package folder (or outside it) can be asked for
    if (!FILE_NAME.test(file)) return reply.code(404).type('text/plain; charset=utf-8').send('no such font file');
    let body: Buffer;
    try {
      body = await readFile(join(dir, 'files', file));
    } catch {
      return reply.code(404).type('text/plain; charset=utf-8').send('no such font file');
    }
    reply.headers({ 'cache-control': CACHE, 'x-content-type-options': 'nosniff' }).type('font/woff2');
    return body;
  });
}
