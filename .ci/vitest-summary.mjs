// Prints vitest's JSON report (test-results/vitest.json, written when CI is set) as the plain
// closing line "N passed, N failed, N skipped". Tests skipped at run time (the image test where
// podman or root is missing) are "pending" in that report; todo tests count as skipped too.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
} catch (error) {
  console.log('0 passed, 1 failed, 0 skipped');
  console.error(`no vitest JSON report (${file}): ${error.message}`);
}
