import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { envName, FLAGS } from '../../emulator/cli-options.js';

const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
const runtime = instructions.slice(lastFrom);
const inRuntime = (keyword: string): Instruction[] => runtime.filter((i) => i.getKeyword() === keyword);
const args = (i: Instruction) => i.getArgumentsContent() ?? '';
const lines = text.split('\n');
/** the instruction as written, flags included */
const raw = (i: Instruction) => lines.slice(i.getRange().start.line, i.getRange().end.line + 1).join('\n');

describe('docker/Dockerfile, statically', () => {
  it('passes dockerfile-utils lint with no diagnostics', () => {
    const diagnostics = validate(text);
    expect(diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // the linter does find faults: the check above can fail
    expect(validate('FROM node:24\nEXPOSE notaport\nHEALTHCHECK CMD\n').length).toBeGreaterThan(0);
  });

  it('is multi-stage, each base pinned by an exact version tag', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      expect(from.getImageName()).toBe('node');
      // a full x.y.z version, never a moving tag such as latest, 24 or lts
      expect(from.getImageTag()).toMatch(/^\d+\.\d+\.\d+-bookworm-slim$/);
    }
    expect(froms[0]!.getBuildStage()).toBe('build');
    // the stand-in base the image test imports is the very tag the Dockerfile names
    const standIn = readFileSync(join(root, 'docker', 'podman', 'stand-in-base.sh'), 'utf8');
    const version = /node_version="\$\{NODE_VERSION:-([\d.]+)\}"/.exec(standIn)?.[1];
    for (const from of froms) expect(from.getImageTag()).toBe(`${version}-bookworm-slim`);
    expect(inRuntime('COPY').some((c) => /--from=build\b/.test(raw(c)) && /node_modules/.test(args(c)))).toBe(true);
  });

  it('compiles better-sqlite3 in the build stage only, with an ARG for a proxy CA bundle', () => {
    const build = instructions.slice(0, lastFrom);
    expect(build.some((i) => i.getKeyword() === 'RUN' && /apt-get install[^&]*python3[^&]*make[^&]*g\+\+/.test(args(i)))).toBe(true);
    expect(build.some((i) => i.getKeyword() === 'ARG' && args(i).trim() === 'NPM_CONFIG_CAFILE')).toBe(true);
    expect(inRuntime('RUN').some((i) => /apt-get|npm (ci|install)/.test(args(i)))).toBe(false);
  });

  it('runs as a non-root user, on 0.0.0.0:4180, with /data as a volume', () => {
    const users = inRuntime('USER').map((u) => args(u).trim());
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(inRuntime('EXPOSE').map(args)).toContain('4180');
    expect(inRuntime('VOLUME').map(args)).toContain('/data');
    const env = Object.fromEntries(dockerfile.getENVs().flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()])));
    expect(env).toMatchObject({ ANTOM_SANDBOX_HOST: '0.0.0.0', ANTOM_SANDBOX_PORT: '4180', ANTOM_SANDBOX_DATA: '/data/sandbox.db' });
    // only settings the CLI knows, under their documented names
    const known = new Set(FLAGS.map((f) => envName(f.flag)));
    for (const name of Object.keys(env).filter((n) => n.startsWith('ANTOM_SANDBOX_'))) expect(known).toContain(name);
  });

  it('checks health with node itself, and starts the CLI directly so it receives SIGTERM', () => {
    const healthchecks = dockerfile.getHEALTHCHECKs();
    expect(healthchecks).toHaveLength(1);
    expect(args(healthchecks[0]!)).toMatch(/CMD \["node", "dist\/emulator\/healthcheck\.js"\]/);
    expect(args(healthchecks[0]!)).not.toMatch(/curl|wget/);
    expect(inRuntime('STOPSIGNAL').map(args)).toEqual(['SIGTERM']);
    // exec form: node is PID 1, no shell in between to swallow the signal
    expect(inRuntime('CMD').map(args)).toEqual(['["node", "dist/cli/antom-sandbox.js"]']);
  });

  it('puts no secrets in ENV or ARG defaults', () => {
    const properties = [...dockerfile.getENVs(), ...dockerfile.getARGs()].flatMap((i) => i.getProperties());
    for (const p of properties) {
      if (/secret|token|password|passwd|private|api[_-]?key|signing[_-]?key|credential/i.test(p.getName())) {
        expect.fail(`${p.getName()} is set in the image; pass it at run time instead`);
      }
      expect(p.getValue() ?? '').not.toMatch(/-----BEGIN|[A-Za-z0-9+/]{40,}={0,2}/);
    }
    expect(properties.length).toBeGreaterThan(0);
  });

  it('has a .dockerignore that keeps node_modules, dist and tests out of the build context', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    // deny everything, then allow only what the build reads
    expect(ignore).toContain('*');
    expect(ignore).not.toContain('!node_modules/');
    expect(ignore).not.toContain('!dist/');
    expect(ignore).not.toContain('!test/');
    expect(ignore).toContain('**/*.test.ts');
  });

  it('has a compose example whose health check is the image one', () => {
    const compose = readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/dockerfile: docker\/Dockerfile/);
    expect(compose).toMatch(/healthcheck:\n\s+test: \["CMD", "node", "dist\/emulator\/healthcheck\.js"\]/);
    expect(compose).toMatch(/"4180:4180"/);
  });
});
