import type { ScenarioRule, StoredRule } from '../domain/scenario-rules.js';
import type { SqliteDatabase } from './database.js';

type Row = { id: string; rule: string; remaining: number | null; used: number; source: string; createdAt: number };
const fromRow = (row: Row): StoredRule => ({ ...row, rule: JSON.parse(row.rule) as ScenarioRule });

/** SQL of the scenario rules (migration 2): rules survive restarts, with their uses left. */
export class ScenarioStore {
  readonly #db: SqliteDatabase;
  readonly #all;
  readonly #insert;
  readonly #use;
  readonly #delete;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#all = db.prepare('SELECT id, rule, remaining, used, source, created_at AS createdAt FROM scenario_rules ORDER BY seq');
    this.#insert = db.prepare(
      `INSERT INTO scenario_rules (id, seq, rule, remaining, used, source, created_at)
       VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM scenario_rules), @rule, @remaining, 0, @source, @createdAt)`,
    );
    this.#use = db.prepare('UPDATE scenario_rules SET remaining = @remaining, used = used + 1 WHERE id = @id');
    this.#delete = db.prepare('DELETE FROM scenario_rules WHERE id = ?');
  }

  all(): StoredRule[] {
    return (this.#all.all() as Row[]).map(fromRow);
  }

  insert(rule: Omit<StoredRule, 'used'>): void {
    this.#insert.run({ ...rule, rule: JSON.stringify(rule.rule) });
  }

  recordUse(id: string, remaining: number | null): void {
    this.#use.run({ id, remaining });
  }

  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  deleteBySource(source: string): void {
    this.#db.prepare('DELETE FROM scenario_rules WHERE source = ?').run(source);
  }

  clear(): void {
    this.#db.exec('DELETE FROM scenario_rules');
  }

  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }
}
