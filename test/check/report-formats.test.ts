import { describe, expect, it } from 'vitest';
import { escapeXml, formatJunitReport } from '../../emulator/check/report-junit.js';
import { formatDelivery, formatTextReport, summaryLine } from '../../emulator/check/report-text.js';
import { delivery, report } from './sample-report.js';

describe('JUnit XML', () => {
  it('escapes the five XML specials and replaces characters XML 1.0 cannot hold', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
    expect(escapeXml('\u0000\u0008\u000B\u001F\uFFFE')).toBe('\uFFFD'.repeat(5));
    expect(escapeXml('lone \uD800 and \uDC00, pair \uD83D\uDE00')).toBe('lone \uFFFD and \uFFFD, pair \uD83D\uDE00');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('writes one testcase per case: a failure for a failed required case, skipped for a reported one', () => {
    const xml = formatJunitReport(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="antom-sandbox check" tests="4" failures="2" skipped="1" time="1.234">')).toBe(true);
    expect(xml).toContain('<testsuite name="antom-sandbox check http://127.0.0.1:3000/antom/notify?shop=a&amp;b=&lt;c&gt;" tests="4" failures="2" errors="0" skipped="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="antom-sandbox.check.genuine" name="genuine-payment-success: PAYMENT_RESULT S is acknowledged" time="0.012">');
    expect(xml).toContain('type="ForgedNotificationAcknowledged"');
    expect(xml).toContain('type="NotificationNotAcknowledged"');
    expect(xml).toContain('<skipped message="reported, not judged: no inquiryPayment call"/>');
    // the merchant's answer is in the XML, escaped, and nothing raw leaks out
    expect(xml).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; \uFFFD\uFFFD\uFFFD[31m \uFFFD end');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).not.toContain('<b>');
  });

  it('is well-formed: every element opened is closed, in order', () => {
    const xml = formatJunitReport(report).replace(/^<\?xml[^>]*\?>/, '');
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z-]+)[^<>]*?(\/?)>/g)) {
      if (closing) expect(stack.pop()).toBe(name);
      else if (!selfClosing) stack.push(name!);
    }
    expect(stack).toEqual([]);
    // no stray markup: every < starts a tag
    expect(xml.replace(/<\/?[a-z-]+(?:\s+[a-zA-Z]+="[^"<]*")*\s*\/?>/g, '')).not.toContain('<');
  });
});

describe('text report', () => {
  it('marks each case, shows the evidence of failed cases only, and ends with the summary line', () => {
    const text = formatTextReport(report);
    expect(text.split('\n')[0]).toBe('antom-sandbox check: http://127.0.0.1:3000/antom/notify?shop=a&b=<c> as SANDBOX_X (run abcd1234, timeout 5000 ms)');
    expect(text).toContain('  PASS  genuine-payment-success: PAYMENT_RESULT S is acknowledged\n        acknowledged (200 ack, 12 ms)');
    expect(text).toContain('  FAIL  forged-unsigned: unsigned is not acknowledged');
    expect(text).toContain('  INFO  inquiry-after-notification: inquiry');
    expect(text).toContain('          nothing seen');
    expect(text).toContain('← no answer after 5001 ms: timeout after 5000 ms');
    // the passing case's evidence is left out unless verbose
    expect(text.match(/delivery 1: POST/g)).toHaveLength(2);
    expect(formatTextReport(report, { verbose: true }).match(/delivery 1: POST/g)).toHaveLength(3);
    expect(text.endsWith('\n1 passed, 2 failed, 1 reported (4 cases, 1234 ms): FAILED')).toBe(true);
  });

  it('shows a delivery as sent and as answered', () => {
    expect(formatDelivery(delivery({ status: 401, responseBody: '', acknowledged: false }), 1)).toBe(
      [
        'delivery 2: POST http://127.0.0.1:3000/antom/notify',
        '  client-id: SANDBOX_X',
        '  request-time: 2026-12-06T10:00:00+09:00',
        '  > {"notifyType":"PAYMENT_RESULT"}',
        '  ← HTTP 401 in 12 ms',
        '  < (empty body)',
      ].join('\n'),
    );
  });

  it('says OK when every required case passed', () => {
    expect(summaryLine({ ...report, summary: { passed: 13, failed: 0, reported: 1, ok: true } })).toBe('13 passed, 0 failed, 1 reported (4 cases, 1234 ms): OK');
  });
});
