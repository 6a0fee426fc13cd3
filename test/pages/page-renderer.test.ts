import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PageRenderer } from '../../emulator/routes/pages/page-renderer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function templates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'antom-page-renderer-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const LAYOUT = '<html lang="{{lang}}"><main>{{{body}}}</main></html>';

describe('PageRenderer (the hosted pages\u2019 handlebars)', () => {
  it('renders a page inside the layout with the summary partial, escaping what the merchant sent', async () => {
    const pages = new PageRenderer(templates({ 'layout.hbs': LAYOUT, 'summary.hbs': '<dl>{{amount}}</dl>', 'page.hbs': '<h1>{{title}}</h1>{{> summary}}' }));
    const html = await pages.render('page.hbs', { lang: 'ko', title: '<script>alert(1)</script>', amount: '₩46,000' });
    expect(html).toBe('<html lang="ko"><main><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><dl>₩46,000</dl></main></html>');
  });

  it('reads each template once; a template that was missing is read again next time', async () => {
    const dir = templates({ 'layout.hbs': LAYOUT, 'summary.hbs': '', 'page.hbs': 'first' });
    const pages = new PageRenderer(dir);
    expect(await pages.render('page.hbs', { lang: 'en' })).toContain('first');
    writeFileSync(join(dir, 'page.hbs'), 'second');
    expect(await pages.render('page.hbs', { lang: 'en' })).toContain('first');

    await expect(pages.render('later.hbs', { lang: 'en' })).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(join(dir, 'later.hbs'), 'now here');
    expect(await pages.render('later.hbs', { lang: 'en' })).toContain('now here');
  });
});
