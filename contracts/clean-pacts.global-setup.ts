import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Pact merges new interactions into an existing pact file, so stale interactions would survive a
 * consumer change: the consumer phase starts from an empty contracts/pacts (README.md aside).
 */
export default function cleanPacts(): void {
  const dir = join(import.meta.dirname, 'pacts');
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(join(dir, name));
  process.env.PACT_DO_NOT_TRACK = 'true';
}
