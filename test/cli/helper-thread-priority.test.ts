import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELPER_THREAD_NICENESS } from '../../emulator/helper-thread-priority.js';
import { spawnSandbox } from '../support/cli-process.js';

/** Niceness of each thread of a process (field 19 of /proc/<pid>/task/<tid>/stat). */
function nicenessByThread(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return out;
}

describe.skipIf(process.platform !== 'linux')('the sandbox process puts its event loop first (Linux)', () => {
  it('runs the main thread at its own priority and every helper thread (signers, GC, the WAL checkpointer) niced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'antom-nice-'));
    const sandbox = await spawnSandbox(['--data', join(dir, 'sandbox.db'), '--log-level', 'error']);
    try {
      const pid = sandbox.child.pid!;
      const threads = nicenessByThread(pid);
      const ownNiceness = Number(readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
      expect(threads.get(pid)).toBe(ownNiceness);
      const helpers = [...threads].filter(([tid]) => tid !== pid);
      // libuv's four signers, V8's helpers and the checkpointer, at the least
      expect(helpers.length).toBeGreaterThanOrEqual(6);
      for (const [tid, niceness] of helpers) expect({ tid, niceness }).toEqual({ tid, niceness: Math.min(19, Math.max(ownNiceness, HELPER_THREAD_NICENESS)) });
      // and it still answers
      expect((await fetch(`${sandbox.url}/_sandbox/health`)).status).toBe(200);
    } finally {
      sandbox.child.kill('SIGTERM');
      await sandbox.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
