import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'antom-sandbox.js');

// runs the bundled CLI (the `bin`) in a fresh process, and lists the packages it loaded from
// node_modules once it listens and again after a hosted page rendered; the bundle carries the
// rest, so anything listed here was required at run time
const script = `
import Module from 'node:module';
const loaded = () => [...new Set(Object.keys(Module._cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))];
const banner = new Promise((resolve) => {
  const log = console.log;
  console.log = (...args) => { const m = /listening on (\\S+)/.exec(String(args[0])); if (m) resolve(m[1]); else log(...args); };
});
process.argv = [process.argv[0], ${JSON.stringify(CLI)}, '--port', '0', '--data', ':memory:', '--log-level', 'silent'];
await import(${JSON.stringify(CLI)});
const url = await banner;
const atStart = loaded();
const page = await fetch(url + '/checkout-page/pages/payment/index.html?sessionData=unknown');
const html = await page.text();
const afterPage = loaded();
process.stdout.write(JSON.stringify({ atStart, afterPage, page: { status: page.status, type: page.headers.get('content-type'), html: html.slice(0, 200) } }) + '\\n');
process.exit(0);
`;

/** design.md "Ready in ≤ 300 ms": what start-up does not need is not loaded at start-up. */
describe('start-up loads only what it needs', () => {
  it('requires only the native SQLite binding at start-up; undici, ajv and Pact stay unloaded; pages render', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 60_000 });
    const { atStart, afterPage, page } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      atStart: string[];
      afterPage: string[];
      page: { status: number; type: string; html: string };
    };
    // external on purpose (scripts/build.mjs): the native addon
    expect(atStart).toContain('better-sqlite3');
    // bundled: fastify and zod come from the bundle, not from node_modules
    expect(atStart).not.toContain('fastify');
    expect(atStart).not.toContain('zod');
    // undici waits for the first notification; Pact for `antom-sandbox verify`
    expect(atStart).not.toContain('undici');
    expect(atStart).not.toContain('@pact-foundation/pact');
    // issue #19: the RE2 engine of scenario-rule patterns loads with the first rule that has one
    expect(atStart).not.toContain('re2js');
    // routes are checked with zod: no JSON-schema compiler is loaded
    expect(atStart).not.toContain('ajv');
    expect(atStart).not.toContain('@fastify/ajv-compiler');
    // issue #4: hosted pages render through handlebars, bundled in a chunk the first page loads (issue #18)
    expect(page.type).toMatch(/^text\/html/);
    expect(page.html).toMatch(/<!doctype html>/i);
    expect(afterPage).not.toContain('handlebars');
    expect(afterPage).not.toContain('ajv');
  });
});
