import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { signLikeAnSdk, verifyLikeAnSdk } from './independent-verifier.js';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, sandboxPublicKey } from './keys.js';

/** A real small filesystem (tmpfs, mounted as root) that a test can fill up and make read-only. */
export interface SmallFilesystem {
  dir: string;
  /** free bytes as the filesystem reports them */
  free(): number;
  /** writes a filler file so that about `leaveBytes` stay free */
  fill(leaveBytes: number): void;
  /** removes the filler: the space returns */
  unfill(): void;
  /** remounts read-only (true) or read-write (false), under the open files of a running process */
  readOnly(on: boolean): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeBytes`, owned by `owner`; undefined (with the reason) where mounting is not permitted. */
export function mountSmallFilesystem(sizeBytes: number, owner = { uid: 0, gid: 0 }): SmallFilesystem | string {
  const dir = mkdtempSync(join(tmpdir(), 'antom-smallfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},uid=${owner.uid},gid=${owner.gid},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  const filler = join(dir, 'filler');
  const free = () => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    free,
    fill(leaveBytes) {
      writeFileSync(filler, Buffer.alloc(Math.max(0, free() - leaveBytes)));
    },
    unfill() {
      rmSync(filler, { force: true });
    },
    readOnly(on) {
      execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'pipe' });
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed Antom call that keeps the response's status and headers, and checks its signature as an SDK would. */
export async function signedExchange(baseUrl: string, api: string, body: unknown): Promise<{ status: number; json: any; signed: boolean }> {
  const path = `/ams/api/v1/payments/${api}`;
  const text = JSON.stringify(body);
  const time = String(Date.now());
  const response = await request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': DEMO_CLIENT_ID, 'request-time': time, signature: signLikeAnSdk({ path, clientId: DEMO_CLIENT_ID, time, body: text, privateKey: demoMerchantPrivateKey }) },
    body: text,
  });
  const answer = await response.body.text();
  const verdict = verifyLikeAnSdk({ method: 'POST', path, headers: response.headers, body: answer, publicKey: sandboxPublicKey });
  return { status: response.statusCode, json: JSON.parse(answer), signed: verdict.ok };
}
