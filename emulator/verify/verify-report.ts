import { basename } from 'node:path';
import { PROVIDER_STATES } from './verify-provider-states.js';
import type { VerifyRunResult } from './verify-runner.js';

/** The parts of pact_ffi's verifier JSON the report reads. */
interface VerifierJson {
  result?: boolean;
  interactionResults?: Array<{ description: string; result: string }>;
  errors?: Array<{
    interaction: string;
    mismatch?: {
      type?: string;
      message?: string;
      mismatches?: Array<{ type?: string; path?: string; key?: string; expected?: unknown; actual?: unknown; mismatch?: string }>;
    };
  }>;
}

/**
 * Turns a verification result into plain text a merchant can act on: one line per interaction,
 * and under each failure what the pact expected and what the sandbox answered.
 */
export function formatVerifyReport(pactFiles: string[], run: VerifyRunResult): string {
  const json = (run.results ?? {}) as VerifierJson;
  const lines = [`antom-sandbox verify: ${pactFiles.length} pact file(s): ${pactFiles.map((f) => basename(f)).join(', ')}`];
  const interactions = json.interactionResults ?? [];
  const failures = json.errors ?? [];
  for (const interaction of interactions) {
    const ok = interaction.result === 'OK';
    lines.push(`  ${ok ? 'PASS' : 'FAIL'}  ${interaction.description}`);
    if (ok) continue;
    for (const failure of failures.filter((f) => f.interaction.endsWith(` - ${interaction.description}`))) {
      lines.push(...describeFailure(failure));
    }
  }
  if (run.unknownStates.length > 0) {
    lines.push('', `Unknown provider state(s): ${run.unknownStates.map((s) => `"${s}"`).join(', ')}.`, 'The sandbox provides exactly these states:');
    for (const [name, meaning] of Object.entries(PROVIDER_STATES)) lines.push(`  "${name}": ${meaning}`);
  }
  const verdicts = Object.entries(run.signatureVerdicts);
  if (verdicts.length > 0) {
    lines.push('', `Request signatures, as the sandbox checked them: ${verdicts.map(([verdict, n]) => `${n} ${verdict}`).join(', ')}.`);
  }
  if (run.error) lines.push('', `The verifier could not run: ${run.error}`);
  const failed = interactions.filter((i) => i.result !== 'OK').length;
  lines.push(
    '',
    run.ok
      ? `OK: all ${interactions.length} interaction(s) verified against the sandbox.`
      : `FAILED: ${failed} of ${interactions.length} interaction(s) did not verify against the sandbox.`,
  );
  return lines.join('\n');
}

function describeFailure(failure: NonNullable<VerifierJson['errors']>[number]): string[] {
  const mismatch = failure.mismatch;
  if (!mismatch) return [];
  if (!mismatch.mismatches) return [`        ${mismatch.message ?? mismatch.type ?? 'failed'}`];
  return mismatch.mismatches.map((m) => {
    const where = m.path ?? (m.key ? `header ${m.key}` : (m.type ?? 'response'));
    if (m.expected !== undefined && m.actual !== undefined) {
      return `        ${where}: the pact expects ${show(m.expected)}, the sandbox answered ${show(m.actual)}`;
    }
    return `        ${where}: ${m.mismatch ?? 'mismatch'}`;
  });
}

/** pact_ffi gives JSON values as JSON text ("\"U\""); show them once, unquoted twice. */
function show(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return JSON.stringify(value);
  }
}
