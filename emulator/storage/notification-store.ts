import type { NotificationAttempt, NotificationRecord, NotificationStatus } from '../domain/notification-records.js';
import type { SqliteDatabase } from './database.js';

const SELECT = `SELECT id, seq, payment_id AS paymentId, client_id AS clientId, notify_type AS notifyType, url, body, status,
  attempts, next_attempt_at AS nextAttemptAt, after_id AS afterId, effects, created_at AS createdAt, finished_at AS finishedAt
  FROM notifications`;

type Row = Omit<NotificationRecord, 'effects'> & { effects: string | null };
const fromRow = (row: Row): NotificationRecord => ({ ...row, effects: row.effects ? JSON.parse(row.effects) : null });

/** SQL of the notification outbox and its delivery attempts. */
export class NotificationStore {
  readonly #db: SqliteDatabase;
  readonly #insert;
  readonly #byId;
  readonly #ofPayment;
  readonly #nextDue;
  readonly #due;
  readonly #insertAttempt;
  readonly #attemptsOf;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO notifications (id, seq, payment_id, client_id, notify_type, url, body, status, attempts, next_attempt_at, after_id, effects, created_at)
       VALUES (@id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM notifications), @paymentId, @clientId, @notifyType, @url, @body, @status, 0, @nextAttemptAt, @afterId, @effects, @createdAt)`,
    );
    this.#byId = db.prepare(`${SELECT} WHERE id = ?`);
    this.#ofPayment = db.prepare(`${SELECT} WHERE payment_id = ? ORDER BY seq`);
    // a notification waiting for another one is not due until that one is finished
    const ready = `n.status = 'PENDING' AND (n.after_id IS NULL OR EXISTS (SELECT 1 FROM notifications a WHERE a.id = n.after_id AND a.status <> 'PENDING'))`;
    this.#nextDue = db.prepare(`SELECT MIN(n.next_attempt_at) AS at FROM notifications n WHERE ${ready}`);
    this.#due = db.prepare(`${SELECT.replace('FROM notifications', 'FROM notifications n')} WHERE ${ready} AND n.next_attempt_at <= ? ORDER BY n.next_attempt_at, n.seq LIMIT ?`);
    this.#insertAttempt = db.prepare(
      `INSERT INTO notification_attempts (notification_id, attempt, at, http_status, response_excerpt, latency_ms, error, ok)
       VALUES (@notificationId, @attempt, @at, @httpStatus, @responseExcerpt, @latencyMs, @error, @ok)`,
    );
    this.#attemptsOf = db.prepare(
      `SELECT id, notification_id AS notificationId, attempt, at, http_status AS httpStatus, response_excerpt AS responseExcerpt,
        latency_ms AS latencyMs, error, ok FROM notification_attempts WHERE notification_id = ? ORDER BY id`,
    );
  }

  insert(n: Omit<NotificationRecord, 'seq' | 'attempts' | 'finishedAt'>): void {
    this.#insert.run({ ...n, effects: n.effects ? JSON.stringify(n.effects) : null });
  }

  get(id: string): NotificationRecord | undefined {
    const row = this.#byId.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  ofPayment(paymentId: string): NotificationRecord[] {
    return (this.#ofPayment.all(paymentId) as Row[]).map(fromRow);
  }

  /** Newest first; `status` is one stored status or a list of them (any of). */
  list(filter: { paymentId?: string | undefined; status?: string | readonly string[] | undefined; limit?: number | undefined } = {}): NotificationRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.paymentId) {
      where.push('payment_id = ?');
      params.push(filter.paymentId);
    }
    const statuses = typeof filter.status === 'string' ? [filter.status] : (filter.status ?? []);
    if (statuses.length > 0) {
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, filter.limit ?? 200) as Row[]).map(fromRow);
  }

  nextDueAt(): number | undefined {
    return (this.#nextDue.get() as { at: number | null }).at ?? undefined;
  }

  due(now: number, limit: number): NotificationRecord[] {
    return (this.#due.all(now, limit) as Row[]).map(fromRow);
  }

  update(id: string, changes: { status?: NotificationStatus; attempts?: number; nextAttemptAt?: number | null; finishedAt?: number | null; afterId?: string | null }): void {
    const columns: Record<string, string> = { status: 'status', attempts: 'attempts', nextAttemptAt: 'next_attempt_at', finishedAt: 'finished_at', afterId: 'after_id' };
    const keys = Object.keys(changes).filter((k) => k in columns);
    if (keys.length === 0) return;
    this.#db.prepare(`UPDATE notifications SET ${keys.map((k) => `${columns[k]} = @${k}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
  }

  addAttempt(attempt: Omit<NotificationAttempt, 'id'>): void {
    this.#insertAttempt.run({ ...attempt, ok: attempt.ok ? 1 : 0 });
  }

  attemptsOf(notificationId: string): NotificationAttempt[] {
    return (this.#attemptsOf.all(notificationId) as Array<Omit<NotificationAttempt, 'ok'> & { ok: number }>).map((a) => ({ ...a, ok: a.ok === 1 }));
  }

  countByStatus(): Record<string, number> {
    const rows = this.#db.prepare('SELECT status, COUNT(*) AS n FROM notifications GROUP BY status').all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
