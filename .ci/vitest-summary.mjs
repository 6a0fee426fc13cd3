// Prints vitest's JSON reports (test-results/vitest.json, written when CI is set, and any other
// report named) as one plain closing line "N passed, N failed, N skipped". Tests skipped at run
// time (the image test where podman or root is missing) are "pending" in a report; todo tests
// count as skipped too. A named report that is missing counts as one failure.
import { readFileSync } from 'node:fs';

const files = process.argv.length > 2 ? process.argv.slice(2) : ['test-results/vitest.json'];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch (error) {
    total.failed += 1;
    console.error(`no vitest JSON report (${file}): ${error.message}`);
  }
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
