import type { CaseResult, CheckReport } from './check-types.js';
import { formatDelivery } from './report-text.js';

// XML 1.0 allows tab, LF, CR and nothing else below U+0020; lone surrogates and U+FFFE/U+FFFF
// are not characters at all. A merchant's endpoint can answer anything, so strip them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute or element body. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function evidenceText(c: CaseResult): string {
  return [c.verdict, ...c.evidence.map(formatDelivery), ...c.notes].join('\n');
}

function testcase(c: CaseResult): string {
  const time = c.evidence.reduce((sum, d) => sum + d.latencyMs, 0);
  const open = `    <testcase classname="antom-sandbox.check.${escapeXml(c.group)}" name="${escapeXml(`${c.id}: ${c.title}`)}" time="${seconds(time)}">`;
  const body: string[] = [];
  if (!c.required) body.push(`      <skipped message="${escapeXml(`reported, not judged: ${c.verdict}`)}"/>`);
  else if (!c.passed) body.push(`      <failure message="${escapeXml(c.verdict)}" type="${escapeXml(c.expect === 'reject' ? 'ForgedNotificationAcknowledged' : 'NotificationNotAcknowledged')}">${escapeXml(evidenceText(c))}</failure>`);
  body.push(`      <system-out>${escapeXml(evidenceText(c))}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

/**
 * JUnit XML as CI systems read it (GitHub, GitLab, Jenkins): one testsuite, one testcase per
 * case; a failed required case is a <failure>, a reported case is <skipped>.
 */
export function formatJunitReport(report: CheckReport): string {
  const { failed, reported } = report.summary;
  const suite = `antom-sandbox check ${report.notifyUrl}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="antom-sandbox check" tests="${report.cases.length}" failures="${failed}" skipped="${reported}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${report.cases.length}" failures="${failed}" errors="0" skipped="${reported}" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    `    <properties><property name="clientId" value="${escapeXml(report.clientId)}"/><property name="runId" value="${escapeXml(report.runId)}"/></properties>`,
    ...report.cases.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
