import type { z } from 'zod';
import { AntomError } from './antom-error.js';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Describes the first zod issue the way a developer fixes it: the field, then the problem. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = fieldPath(issue.path) || 'body';
  const value = valueAt(input, issue.path);
  if (value === undefined && issue.code !== 'custom') return `${field}: required parameter is missing.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${field}: longer than ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `${field}: must not be empty.`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `${field}: more than ${String(issue.maximum)} items.`;
  return `${field}: ${issue.message}`;
}

/** Parses wire input with a protocol schema; a mismatch becomes PARAM_ILLEGAL naming the field. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AntomError('PARAM_ILLEGAL', issue ? describeIssue(issue, input) : 'Illegal parameters.');
}
