// npm run build: tsc emits the whole tree into dist/ (declarations for the exports, and every
// module for the tests that import one), then esbuild bundles the entry points people run into
// the same paths: dist/cli/antom-sandbox.js (bin, npm start, the image) and dist/emulator/index.js
// (exports "."), with dist/protocol/index.js sharing their chunks so the protocol classes are one.
// Start-up then reads a few files instead of compiling hundreds (design.md: healthy in ≤ 300 ms).
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

/** Entry points bundled over tsc's output of the same name. */
export const BUNDLED_ENTRIES = ['cli/antom-sandbox.ts', 'emulator/index.ts', 'protocol/index.ts'];

/**
 * Left to node_modules: native or optional parts, what loads only on demand and is big, and what
 * a caller may share with its own code (undici dispatchers). Fastify's JSON-schema compilers are
 * never used (routes validate with zod), so they (and ajv behind them) stay out of the bundle too.
 */
export const EXTERNAL = [
  'better-sqlite3',
  '@pact-foundation/pact',
  'playwright-core',
  'undici',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: BUNDLED_ENTRIES,
  outbase: '.',
  outdir: DIST,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // less text to read, parse and map at start-up; identifiers stay, so stack traces keep names
  minifyWhitespace: true,
  minifySyntax: true,
  // maps name the .ts files and lines (the CLI enables them); without the sources' text they are a
  // fifth of the size, and Node reads them at start-up
  sourcemap: true,
  sourcesContent: false,
  external: EXTERNAL,
  metafile: true,
  logLevel: 'warning',
  // the CommonJS dependencies (fastify, pino, handlebars) call require() and read __dirname
  banner: {
    js: [
      "import { createRequire as __antomCreateRequire } from 'node:module';",
      "import { fileURLToPath as __antomFileURLToPath } from 'node:url';",
      'const require = __antomCreateRequire(import.meta.url);',
      'const __filename = __antomFileURLToPath(import.meta.url);',
      "const __dirname = __antomFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
// what went into which file: test/package checks the bundle against it
writeFileSync(join(DIST, 'bundle-meta.json'), JSON.stringify(result.metafile));
// esbuild writes plain files; the bin must stay executable (tsc made it so for its shebang), or
// `npx antom-sandbox` in a checkout answers "Permission denied"
chmodSync(join(DIST, 'cli', 'antom-sandbox.js'), 0o755);
