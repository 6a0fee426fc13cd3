import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { fieldPath } from '../../protocol/index.js';
import { ConfigError } from '../config.js';
import { scenarioRuleSchema, type ScenarioRule } from '../domain/scenario-rules.js';
import { FIXTURES_DIR } from '../package-root.js';

/** A scenario file: `{"description": "...", "rules": [rule, …]}`, or a bare array of rules. */
const scenarioFileSchema = z.union([
  z.object({ description: z.string().optional(), rules: z.array(scenarioRuleSchema) }),
  z.array(scenarioRuleSchema).transform((rules) => ({ description: undefined, rules })),
]);

export const PRESETS_DIR = join(FIXTURES_DIR, 'scenarios');

/** A ConfigError, so a bad --scenarios file stops start-up with its sentence. */
export class ScenarioFileError extends ConfigError {
  override name = 'ScenarioFileError';
}

export function parseScenarioFile(text: string, source: string): { description: string | undefined; rules: ScenarioRule[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioFileError(`${source}: not valid JSON (${(error as Error).message}).`);
  }
  const parsed = scenarioFileSchema.safeParse(json);
  if (parsed.success) return { description: parsed.data.description, rules: parsed.data.rules };
  // the union hides the useful issue: report the one of the object form when it is an object
  const detail = Array.isArray(json) ? parsed.error.issues[0]! : (z.object({ rules: z.array(scenarioRuleSchema) }).safeParse(json).error?.issues[0] ?? parsed.error.issues[0]!);
  throw new ScenarioFileError(`${source}: ${fieldPath(detail.path) || '(file)'}: ${detail.message}`);
}

export function readScenarioFile(file: string): ScenarioRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(`--scenarios: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return parseScenarioFile(text, `--scenarios ${file}`).rules;
}

export interface PresetSummary {
  name: string;
  description: string | undefined;
  rules: ScenarioRule[];
}

/** The presets shipped in fixtures/scenarios/*.json, by file name without .json. */
export function listPresets(dir = PRESETS_DIR): PresetSummary[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const name = basename(f, '.json');
    return { name, ...parseScenarioFile(readFileSync(join(dir, f), 'utf8'), `preset ${name}`) };
  });
}

export function findPreset(name: string, dir = PRESETS_DIR): PresetSummary | undefined {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) return undefined;
  return listPresets(dir).find((p) => p.name === name);
}
