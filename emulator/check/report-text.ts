import type { CaseResult, CheckReport, DeliveryEvidence } from './check-types.js';

const MARK: Record<'pass' | 'fail' | 'info', string> = { pass: 'PASS', fail: 'FAIL', info: 'INFO' };

function markOf(c: CaseResult): string {
  if (!c.required) return MARK.info;
  return c.passed ? MARK.pass : MARK.fail;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** The evidence of one delivery: request line, headers, body, then what came back. */
export function formatDelivery(delivery: DeliveryEvidence, index: number): string {
  const lines = [`delivery ${index + 1}: POST ${delivery.sent.url}`];
  for (const [name, value] of Object.entries(delivery.sent.headers)) lines.push(`  ${name}: ${value}`);
  lines.push(indent(delivery.sent.body, '  > '));
  if (delivery.status === null) lines.push(`  ← no answer after ${delivery.latencyMs} ms: ${delivery.error}`);
  else lines.push(`  ← HTTP ${delivery.status} in ${delivery.latencyMs} ms${delivery.acknowledged ? ' (the Antom acknowledgement)' : ''}`, indent(delivery.responseBody || '(empty body)', '  < '));
  return lines.join('\n');
}

/**
 * The report for a person: one line per case, the evidence of each failed case (of every case
 * with `verbose`), then the summary line.
 */
export function formatTextReport(report: CheckReport, options: { verbose?: boolean } = {}): string {
  const lines = [`antom-sandbox check: ${report.notifyUrl} as ${report.clientId} (run ${report.runId}, timeout ${report.timeoutMs} ms)`, ''];
  for (const c of report.cases) {
    lines.push(`  ${markOf(c)}  ${c.id}: ${c.title}`);
    lines.push(`        ${c.verdict}`);
    const showEvidence = options.verbose || (c.required && !c.passed);
    if (showEvidence) for (const [i, d] of c.evidence.entries()) lines.push(indent(formatDelivery(d, i), '          '));
    for (const note of c.notes) lines.push(`          ${note}`);
  }
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

/** `13 passed, 0 failed, 1 reported (14 cases, 1234 ms): OK`, the line CI logs show. */
export function summaryLine(report: CheckReport): string {
  const { passed, failed, reported, ok } = report.summary;
  return `${passed} passed, ${failed} failed, ${reported} reported (${report.cases.length} cases, ${report.durationMs} ms): ${ok ? 'OK' : 'FAILED'}`;
}
