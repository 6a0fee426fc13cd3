/** The classic patterns that backtrack exponentially in V8's RegExp on a near-miss input. */
export const CATASTROPHIC_PATTERNS = ['^(a+)+$', '(a|aa)+$', '(.*a){20}', '^(\\w+\\s?)*$', '^(a|a?)+$', '(x+x+)+y', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$'];

/** Inputs that make those patterns fail late: a run of 'a's (or 'x's) and one character that breaks it. */
export const ADVERSARIAL_IDS = [`${'a'.repeat(30)}b`, `${'a'.repeat(30)}!`, `${'x'.repeat(40)}`, `${'a'.repeat(64)}@`];
