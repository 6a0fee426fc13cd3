import { randomFill } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Niceness of the helper threads: about a ninth of the event loop's CPU weight when both want one core, never zero. */
export const HELPER_THREAD_NICENESS = 10;

/**
 * The event loop is the one thread every request passes through; the others (libuv's pool, which
 * signs responses, V8's garbage-collection and compiler helpers, the WAL checkpointer) work on
 * the side. On a machine with no core to spare, waking a signer used to preempt the event loop:
 * a profile of bench/pay found it waiting there for about a tenth of its time, with every request
 * it held.
 * Lowering the helpers' priority lets the event loop keep its core; they still get the rest.
 *
 * Linux only (per-thread priorities through /proc and setpriority), and for a process the sandbox
 * owns: the CLI calls it, `startSandbox()` in someone's test runner does not. Returns how many
 * threads it changed; 0 where it cannot (another OS, or a kernel that refuses).
 */
export async function lowerHelperThreadPriority(niceness = HELPER_THREAD_NICENESS): Promise<number> {
  if (process.platform !== 'linux') return 0;
  // libuv starts its whole pool on the first job: make sure the signers exist before looking
  await new Promise((resolve) => randomFill(Buffer.alloc(1), resolve));
  let changed = 0;
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  for (const tid of threads) {
    // the main thread's id is the process id
    if (Number(tid) === process.pid) continue;
    try {
      setPriority(Number(tid), niceness);
      changed += 1;
    } catch {
      // the thread has ended, or the kernel refuses: it keeps its priority
    }
  }
  return changed;
}
