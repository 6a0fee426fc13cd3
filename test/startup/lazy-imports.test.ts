import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// builds the app from dist (as the CLI does) in a fresh process and lists the packages it loaded
const script = `
import Module from 'node:module';
const { buildSandbox } = await import(${JSON.stringify(join(ROOT, 'dist', 'emulator', 'app.js'))});
const loaded = () => [...new Set(Object.keys(Module._cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))];
const app = await buildSandbox({ data: ':memory:', logLevel: 'silent' });
await app.ready();
const atStart = loaded();
await app.inject({ method: 'GET', url: '/checkout-page/pages/payment/index.html?sessionData=unknown' });
const afterPage = loaded();
await app.close();
console.log(JSON.stringify({ atStart, afterPage }));
`;

/** design.md "Ready in ≤ 300 ms": what start-up does not need is not loaded at start-up. */
describe('start-up loads only what it needs', () => {
  it('undici waits for the first notification; ajv is never loaded; pages render through @fastify/view', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 60_000 });
    const { atStart, afterPage } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { atStart: string[]; afterPage: string[] };
    expect(atStart).toContain('fastify');
    expect(atStart).not.toContain('undici');
    expect(atStart).not.toContain('@pact-foundation/pact');
    // issue #19: the RE2 engine of scenario-rule patterns loads with the first rule that has one
    expect(atStart).not.toContain('re2js');
    // routes are checked with zod: no JSON-schema compiler is loaded
    expect(atStart).not.toContain('ajv');
    expect(atStart).not.toContain('@fastify/ajv-compiler');
    // issue #4: the hosted pages are handlebars templates rendered through @fastify/view
    expect(afterPage).toContain('@fastify/view');
    expect(afterPage).toContain('handlebars');
  });
});
