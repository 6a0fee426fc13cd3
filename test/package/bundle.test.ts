import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, { types: string; default: string }>;
  scripts: Record<string, string>;
};
interface Metafile {
  outputs: Record<string, { bytes: number; entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}
// written by scripts/build.mjs (npm run build) beside the bundle it describes
const meta = JSON.parse(readFileSync(join(root, 'dist', 'bundle-meta.json'), 'utf8')) as Metafile;
const rel = (path: string) => path.replace(/^\.\//, '');

function bundledFrom(output: string): string | undefined {
  const entry = meta.outputs[rel(output)];
  // the file on disk is the one esbuild wrote, not tsc's module of the same name
  if (!entry || statSync(join(root, rel(output))).size !== entry.bytes) return undefined;
  return entry.entryPoint;
}

/** Every input in an output and the chunks it imports statically (what loading it costs). */
function staticClosure(output: string): string[] {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !meta.outputs[path]) return;
    seen.add(path);
    for (const input of Object.keys(meta.outputs[path]!.inputs)) inputs.add(input);
    for (const i of meta.outputs[path]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    for (const i of meta.outputs[path]!.imports) if (i.kind === 'import-statement' && i.external) inputs.add(`(external) ${i.path}`);
  };
  visit(output);
  return [...inputs];
}
const packagesIn = (inputs: string[]) =>
  new Set(inputs.map((i) => (i.startsWith('(external) ') ? i.slice(11) : /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1])).filter(Boolean));

describe('the bundled build (scripts/build.mjs)', () => {
  it('is what `bin`, `exports["."]` and `npm start` run', () => {
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(bundledFrom(pkg.bin['antom-sandbox']!)).toBe('cli/antom-sandbox.ts');
    expect(bundledFrom(pkg.exports['.']!.default)).toBe('emulator/index.ts');
    expect(bundledFrom(pkg.exports['./protocol']!.default)).toBe('protocol/index.ts');
    expect(pkg.scripts.start).toContain(`node ${pkg.bin['antom-sandbox']}`);
    // `npx antom-sandbox` in a checkout runs the file itself, through its shebang
    expect(statSync(join(root, rel(pkg.bin['antom-sandbox']!))).mode & 0o111, 'the bin is executable').toBe(0o111);
    // tsc's declarations stay beside the bundle for TypeScript users
    const types = readFileSync(join(root, pkg.exports['.']!.types), 'utf8');
    expect(types).toMatch(/startSandbox/);
    expect(types).toMatch(/buildSandbox/);
  });

  it('serves from one static chunk graph with fastify and zod inside, handlebars in a chunk of its own, and no undici, ajv, Pact or playwright', () => {
    const cli = meta.outputs[rel(pkg.bin['antom-sandbox']!)]!;
    const serve = cli.imports.find((i) => i.kind === 'dynamic-import' && /serve-command/.test(i.path));
    expect(serve, 'the CLI loads the serve command as a chunk').toBeDefined();
    const closure = staticClosure(serve!.path);
    const packages = packagesIn(closure);
    for (const bundled of ['fastify', 'zod', 'better-sqlite3']) expect(packages).toContain(bundled);
    // handlebars is bundled too, in a chunk of its own that the first hosted page loads (emulator/routes/pages/page-renderer.ts)
    expect(packages).not.toContain('handlebars');
    const lazyChunks = Object.values(meta.outputs)
      .filter((output) => Object.keys(output.inputs).some((input) => closure.includes(input)))
      .flatMap((output) => output.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => i.path));
    expect(lazyChunks.some((chunk) => packagesIn(Object.keys(meta.outputs[chunk]?.inputs ?? {})).has('handlebars'))).toBe(true);
    for (const lazy of ['undici', '@pact-foundation/pact', 'playwright-core', 'ajv', '@fastify/ajv-compiler']) expect(packages).not.toContain(lazy);
    // better-sqlite3 (a native addon) is imported from node_modules, never inlined
    expect(staticClosure(serve!.path).some((i) => i.includes('node_modules/better-sqlite3/'))).toBe(false);
  });

  it('turns source maps on in the CLI before its chunks load, so stack traces name the TypeScript sources', async () => {
    // the CLI entry enables them first thing; the same switch here, then an error thrown inside the bundle
    expect(readFileSync(join(root, pkg.bin['antom-sandbox']!), 'utf8')).toMatch(/^[^]{0,800}process\.setSourceMapsEnabled\(/);
    const script = `process.setSourceMapsEnabled(true);
const { resolveConfig } = await import(${JSON.stringify(join(root, pkg.exports['.']!.default))});
try { resolveConfig({ port: -1 }); console.log('no error'); } catch (error) { console.log(error.stack); }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toMatch(/^ConfigError: /);
    expect(stdout).toMatch(/emulator\/config\.ts:\d+:\d+/);
    expect(stdout).not.toMatch(/dist\/chunks\//);
  });
});
