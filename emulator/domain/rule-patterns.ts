import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

/**
 * Scenario-rule patterns (`match.paymentRequestId`, `match.referenceOrderId`) run on RE2 (the
 * pure-JS port `re2js`): linear time in the input, so no pattern can freeze the event loop the
 * way `^(a+)+$` does on a backtracking engine. The price is RE2's syntax: no backreferences and
 * no lookaround. Bounds keep compiling and the first match cheap too (a few ms each, measured):
 * the pattern's length, its repeat counts and its compiled program size, and the input's length.
 */
export const MAX_PATTERN_LENGTH = 256;
export const MAX_REPEAT_COUNT = 100;
export const MAX_PROGRAM_SIZE = 1_500;
/**
 * The first match of an input builds RE2's DFA states, at a cost that grows with the program size
 * times the input length (measured: 1,000 patterns of 1,000 instructions took 25 s on one 64-character
 * id, 5,000 instructions in all about 80-250 ms). So all the stored rules' patterns together get a
 * budget of instructions that keeps a cold match of every rule near 100 ms at worst
 * (test/limits/scenario-rule-bounds.test.ts); ordinary patterns take 10-20 instructions each.
 */
export const MAX_TOTAL_PROGRAM_SIZE = 3_000;
/** Antom's ids are at most 64 characters (protocol/schemas/pay.ts); a longer one matches no pattern (the call is refused anyway). */
export const MAX_MATCHED_LENGTH = 64;

type Re2js = typeof import('re2js');
let engine: Re2js | undefined;
/** Loaded on the first pattern, not at start-up (test/startup/lazy-imports.test.ts). */
function re2js(): Re2js {
  engine ??= createRequire(import.meta.url)('re2js') as Re2js;
  return engine;
}

const RE2_SYNTAX = 'patterns run on RE2, a linear-time engine';

/** The construct a pattern uses that RE2 has no linear-time form of, named for the user. */
function unsupportedConstruct(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next)) return `a backreference (\\${next}) is not supported: ${RE2_SYNTAX} without backreferences`;
      if (next === 'k') return `a named backreference (\\k<…>) is not supported: ${RE2_SYNTAX} without backreferences`;
      i += 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') i += 1; // `[]a]`: a leading ] is literal
    } else if (c === '(') {
      const head = source.slice(i, i + 4);
      if (head.startsWith('(?=') || head.startsWith('(?!')) return `a lookahead (${head.slice(0, 3)}…) is not supported: ${RE2_SYNTAX} without lookaround`;
      if (head === '(?<=' || head === '(?<!') return `a lookbehind (${head}…) is not supported: ${RE2_SYNTAX} without lookaround`;
    }
  }
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > MAX_REPEAT_COUNT || Number(m[2] || 0) > MAX_REPEAT_COUNT) return `the repeat count ${m[0]} is above the limit of ${MAX_REPEAT_COUNT}`;
  }
  return undefined;
}

const compiled = new Map<string, RE2JS>();

function compile(source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    re = re2js().RE2JS.compile(source);
    // rules are bounded (MAX_RULES, two patterns each): this only sheds patterns of deleted rules
    if (compiled.size >= 4_096) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

/** Why the pattern is refused, as a sentence, or undefined when it can be used. */
export function patternRefusal(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `longer than the limit of ${MAX_PATTERN_LENGTH} characters`;
  const construct = unsupportedConstruct(source);
  if (construct) return construct;
  let re: RE2JS;
  try {
    re = compile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return `not a pattern RE2 accepts (${message}); ${RE2_SYNTAX}`;
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    compiled.delete(source);
    return `too large: it compiles to ${size} instructions, above the limit of ${MAX_PROGRAM_SIZE}`;
  }
  return undefined;
}

/** The compiled size of an accepted pattern, in RE2 instructions: what it costs MAX_TOTAL_PROGRAM_SIZE. */
export function patternCost(source: string): number {
  try {
    return compile(source).programSize();
  } catch {
    return 0;
  }
}

/** Whether the pattern is found in `input` (unanchored, as RegExp#test). A refused pattern matches nothing. */
export function patternMatches(source: string, input: string): boolean {
  if (input.length > MAX_MATCHED_LENGTH) return false;
  try {
    return compile(source).test(input);
  } catch {
    return false;
  }
}
