import { execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const PODMAN_DIR = join(REPO_ROOT, 'docker', 'podman');

/** the project's own podman settings (runc, cgroupfs, ulimits, overlay); no system file changes */
export const podmanEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CONTAINERS_CONF: join(PODMAN_DIR, 'containers.conf'),
  CONTAINERS_STORAGE_CONF: join(PODMAN_DIR, 'storage.conf'),
};

export type Availability = { ok: true } | { ok: false; reason: string };

/** Whether podman can build and run images here: installed, with runc, as root. */
export async function podmanAvailability(): Promise<Availability> {
  if (process.platform !== 'linux') return { ok: false, reason: `podman runs images only on Linux here (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root: the project runs podman as root (rootless needs subuid setup this project does not do)' };
  for (const tool of ['podman', 'runc']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return { ok: false, reason: `${tool} is not installed (apt-get install podman runc uidmap slirp4netns fuse-overlayfs debootstrap; .ci/run does)` };
    }
  }
  return { ok: true };
}

/** `podman <args>`; rejects with podman's stderr on a non-zero exit */
export async function podman(args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await run('podman', args, { env: podmanEnv, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`podman ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** exit code of `podman <args>`, without throwing */
export async function podmanStatus(args: string[], timeoutMs = 30_000): Promise<number> {
  try {
    await run('podman', args, { env: podmanEnv, timeout: timeoutMs });
    return 0;
  } catch (error) {
    return typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1;
  }
}

/** a long command with its output in a log file (shown in part on failure) */
export function runLogged(command: string, args: string[], logFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(command, args, { cwd: REPO_ROOT, env: podmanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString()).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal} (full log: ${logFile}):\n${tail}`));
    });
  });
}

/** Builds the stand-in for the official node base image once (docker/podman/stand-in-base.sh). */
export function ensureStandInBase(logFile: string): Promise<void> {
  return runLogged('bash', [join(PODMAN_DIR, 'stand-in-base.sh')], logFile, 15 * 60_000);
}

/** Builds docker/Dockerfile unchanged: docker format (keeps HEALTHCHECK), never pulling. */
export function buildImage(tag: string, logFile: string): Promise<void> {
  const hostCa = '/etc/ssl/certs/ca-certificates.crt';
  // npm ci inside the build reaches the registry with the host's CA bundle (a TLS proxy may sit between)
  const ca = existsSync(hostCa) ? ['-v', `${hostCa}:/host-ca.crt:ro`, '--build-arg', 'NPM_CONFIG_CAFILE=/host-ca.crt'] : [];
  return runLogged('podman', ['build', '--format', 'docker', '--pull=never', ...ca, '-f', 'docker/Dockerfile', '-t', tag, '.'], logFile, 25 * 60_000);
}

/** polls `check` until it is true or the deadline passes; returns the elapsed ms */
export async function pollUntil(check: () => Promise<boolean>, deadlineMs: number, what: string, intervalMs = 20): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - start;
    if (performance.now() - start > deadlineMs) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
