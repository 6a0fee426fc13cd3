import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_RULE_JSON_BYTES, ruleLimitRefusal, scenarioRuleSchema, type StoredRule } from '../../domain/scenario-rules.js';
import { curlCommand } from '../../domain/journal-formats.js';
import { findPreset, listPresets } from '../../services/scenario-presets.js';
import { ControlError, parseControl } from './control-errors.js';

/** A stored rule as the control API shows it: the rule, its id and its uses left. */
export function ruleView(r: StoredRule) {
  return { id: r.id, ...r.rule, remaining: r.remaining, used: r.used, source: r.source, createdAt: new Date(r.createdAt).toISOString() };
}

// built once, not per request
const journalQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100_000).optional(), clientId: z.string().optional(), verdict: z.string().optional() });

/** Scenario rules, presets, magic amounts and the request journal (design.md "Scenarios"). */
export async function scenarioRoutes(app: FastifyInstance): Promise<void> {
  const { scenarios, journal, publicUrl } = app.sandbox;

  app.get('/scenarios', async () => ({ rules: scenarios.list().map(ruleView) }));

  app.post('/scenarios', async (request, reply) => {
    // the size as received (re-serialising a deeply nested body would overflow the stack); a chunked
    // body has no length, and is bounded by the body limit and each field's own bound
    const bytes = Number(request.headers['content-length']) || 0;
    if (bytes > MAX_RULE_JSON_BYTES) throw new ControlError(400, 'LIMIT_EXCEEDED', ruleLimitRefusal([], [], bytes)!);
    const rule = parseControl(scenarioRuleSchema, request.body);
    const limit = ruleLimitRefusal(scenarios.rules(), [rule]);
    if (limit) throw new ControlError(400, 'LIMIT_EXCEEDED', limit);
    reply.code(201);
    return ruleView(scenarios.add(rule));
  });

  app.delete('/scenarios', async () => {
    const removed = scenarios.list().length;
    scenarios.clear();
    return { removed };
  });

  app.delete('/scenarios/:id', async (request) => {
    const { id } = request.params as { id: string };
    if (!scenarios.delete(id)) throw new ControlError(404, 'NOT_FOUND', `No scenario rule ${id}.`);
    return { removed: 1, id };
  });

  app.get('/scenarios/presets', async () => ({
    presets: listPresets().map((p) => ({ name: p.name, description: p.description, rules: p.rules })),
  }));

  app.post('/scenarios/presets/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const preset = findPreset(name);
    if (!preset) throw new ControlError(404, 'NOT_FOUND', `No preset "${name}"; the presets are: ${listPresets().map((p) => p.name).join(', ')}.`);
    const limit = ruleLimitRefusal(scenarios.rules(), preset.rules);
    if (limit) throw new ControlError(400, 'LIMIT_EXCEEDED', limit);
    reply.code(201);
    return { preset: preset.name, rules: preset.rules.map((rule) => ruleView(scenarios.add(rule, `preset:${preset.name}`))) };
  });

  app.get('/scenarios/magic-amounts', async () => ({ amounts: scenarios.magicAmounts }));

  app.get('/requests', async (request) => {
    const query = parseControl(journalQuerySchema, request.query);
    const base = publicUrl();
    // each entry with a curl command that repeats it (copy as curl on the control page)
    return { limit: journal.limit, size: journal.size, requests: journal.list(query).map((e) => ({ ...e, curl: curlCommand(e, base) })) };
  });
}
