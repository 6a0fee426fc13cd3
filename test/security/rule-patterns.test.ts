import { describe, expect, it } from 'vitest';
import { MAX_MATCHED_LENGTH, MAX_PROGRAM_SIZE, patternMatches, patternRefusal } from '../../emulator/domain/rule-patterns.js';
import { scenarioRuleSchema } from '../../emulator/domain/scenario-rules.js';
import { ADVERSARIAL_IDS, CATASTROPHIC_PATTERNS } from '../support/catastrophic-patterns.js';


describe('scenario-rule patterns run on RE2 (linear time)', () => {
  it('the inputs are adversarial: V8 needs far longer on a shorter one than RE2 does on all of them', () => {
    const started = performance.now();
    expect(/^(a+)+$/.test(`${'a'.repeat(22)}b`)).toBe(false);
    const v8Ms = performance.now() - started;

    const re2Started = performance.now();
    for (const source of CATASTROPHIC_PATTERNS) {
      expect(patternRefusal(source), source).toBeUndefined();
      for (const id of ADVERSARIAL_IDS) patternMatches(source, id);
    }
    const re2Ms = performance.now() - re2Started;
    console.info(`V8 RegExp, ^(a+)+$ on 22 a's + b: ${v8Ms.toFixed(1)} ms; RE2, ${CATASTROPHIC_PATTERNS.length} patterns × ${ADVERSARIAL_IDS.length} ids (30-64 a's): ${re2Ms.toFixed(1)} ms`);
    expect(v8Ms).toBeGreaterThan(re2Ms);
    expect(re2Ms).toBeLessThan(500); // compiling included; each later match is microseconds
  });

  it('matches as RegExp#test does on ordinary patterns (unanchored, anchors honoured)', () => {
    const cases: Array<[string, string, boolean]> = [
      ['^PR-', 'PR-2026-001', true],
      ['^PR-', 'XPR-1', false],
      ['001$', 'PR-2026-001', true],
      ['2026', 'PR-2026-001', true],
      ['^[A-Z]{2}-\\d{4}-\\d+$', 'PR-2026-001', true],
      ['(?i)^pr-', 'PR-1', true],
      ['^(a+)+$', 'aaaa', true],
      ['^(a+)+$', `${'a'.repeat(30)}b`, false],
    ];
    for (const [source, input, expected] of cases) {
      expect(patternMatches(source, input), `${source} on ${input}`).toBe(expected);
      if (!source.startsWith('(?i)')) expect(new RegExp(source).test(input), `V8 on ${source}`).toBe(expected);
    }
  });

  it('an input longer than the bound matches nothing', () => {
    expect(patternMatches('a', 'a'.repeat(MAX_MATCHED_LENGTH))).toBe(true);
    expect(patternMatches('a', 'a'.repeat(MAX_MATCHED_LENGTH + 1))).toBe(false);
  });

  it.each([
    ['(a)\\1', 'backreference (\\1)'],
    ['(?<n>a)\\k<n>', 'named backreference'],
    ['a(?=b)', 'lookahead ((?=…)'],
    ['a(?!b)', 'lookahead ((?!…)'],
    ['(?<=a)b', 'lookbehind ((?<=…)'],
    ['(?<!a)b', 'lookbehind ((?<!…)'],
    ['a{101}', 'repeat count {101} is above the limit of 100'],
    ['a{2,1000}', 'repeat count {2,1000}'],
    ['(', 'not a pattern RE2 accepts (missing closing )'],
    ['[', 'not a pattern RE2 accepts (missing closing ]'],
    ['a++', 'not a pattern RE2 accepts (invalid nested repetition operator'],
    ['\\u0041', 'not a pattern RE2 accepts (invalid escape sequence'],
    ['((.{100}){10})'.repeat(6), `above the limit of ${MAX_PROGRAM_SIZE}`],
  ])('refuses %s, naming %s, in the field that holds it', (source, named) => {
    expect(patternRefusal(source)).toContain(named);
    for (const field of ['paymentRequestId', 'referenceOrderId']) {
      const parsed = scenarioRuleSchema.safeParse({ match: { [field]: source }, effect: { noAnswer: true } });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path.join('.')).toBe(`match.${field}`);
      expect(parsed.error!.issues[0]!.message).toContain(named);
    }
  });

  it('does not mistake escaped or bracketed text for the refused constructs', () => {
    for (const source of ['\\\\1', '[(?=]x', '\\(?=a\\)', '[\\1]'.replace('\\1', '1'), 'a\\{1000\\}'.replace(/\d+/, '10')]) {
      expect(patternRefusal(source), source).toBeUndefined();
    }
  });
});
