import type { EventCause } from '../domain/event-causes.js';
import type { PaymentEvent, PaymentRecord, TransactionRecord } from '../domain/records.js';
import type { CommitGroup } from './commit-group.js';
import type { SqliteDatabase } from './database.js';

const PAYMENT_COLUMNS: ReadonlyArray<[keyof PaymentRecord, string]> = [
  ['paymentId', 'payment_id'],
  ['clientId', 'client_id'],
  ['paymentRequestId', 'payment_request_id'],
  ['referenceOrderId', 'reference_order_id'],
  ['orderDescription', 'order_description'],
  ['status', 'status'],
  ['resultCode', 'result_code'],
  ['resultMessage', 'result_message'],
  ['amountValue', 'amount_value'],
  ['currency', 'currency'],
  ['createdAt', 'created_at'],
  ['expiresAt', 'expires_at'],
  ['paidAt', 'paid_at'],
  ['cancelledAt', 'cancelled_at'],
  ['closedAt', 'closed_at'],
  ['selectedCardBrand', 'selected_card_brand'],
  ['cardBrand', 'card_brand'],
  ['cardNo', 'card_no'],
  ['redirectUrl', 'redirect_url'],
  ['notifyUrl', 'notify_url'],
  ['terminalType', 'terminal_type'],
  ['pageToken', 'page_token'],
  ['captureState', 'capture_state'],
  ['captureDueAt', 'capture_due_at'],
  ['fingerprint', 'fingerprint'],
  ['payResponse', 'pay_response'],
];

const TRANSACTION_COLUMNS: ReadonlyArray<[keyof TransactionRecord, string]> = [
  ['transactionId', 'transaction_id'],
  ['paymentId', 'payment_id'],
  ['clientId', 'client_id'],
  ['type', 'type'],
  ['status', 'status'],
  ['resultCode', 'result_code'],
  ['resultMessage', 'result_message'],
  ['requestId', 'request_id'],
  ['amountValue', 'amount_value'],
  ['currency', 'currency'],
  ['createdAt', 'created_at'],
  ['referenceRefundId', 'reference_refund_id'],
  ['refundReason', 'refund_reason'],
  ['notifyUrl', 'notify_url'],
];

const select = (columns: ReadonlyArray<[string, string]>) => columns.map(([prop, col]) => `${col} AS ${prop}`).join(', ');
const PAYMENT_SELECT = `SELECT ${select(PAYMENT_COLUMNS)} FROM payments`;
const TRANSACTION_SELECT = `SELECT ${select(TRANSACTION_COLUMNS)} FROM transactions`;

export interface PaymentListFilter {
  status?: string | undefined;
  clientId?: string | undefined;
  /** matches paymentId, paymentRequestId or referenceOrderId, exactly or as a prefix */
  q?: string | undefined;
  /** created at or after (epoch ms) */
  from?: number | undefined;
  /** created at or before (epoch ms) */
  to?: number | undefined;
  limit?: number | undefined;
}

// the largest code point: `col >= q AND col < q || MAX` is "starts with q" as an index range
const MAX_CHAR = String.fromCodePoint(0x10ffff);
const ID_COLUMNS = ['payment_id', 'payment_request_id', 'reference_order_id'];

/** SQL for payments, their transactions and their timeline; no rules live here. */
export class PaymentStore {
  readonly #db: SqliteDatabase;
  readonly #commits: CommitGroup | undefined;
  /** one wrapper for every call: better-sqlite3 builds a new one (and its closures) per transaction() */
  readonly #inTransaction: (work: () => unknown) => unknown;
  readonly #byId;
  readonly #byRequestId;
  readonly #byPageToken;
  readonly #insertPayment;
  readonly #insertTransaction;
  readonly #insertEvent;
  readonly #transactionsOf;
  readonly #transactionByRequest;
  readonly #transactionById;
  readonly #eventsOf;
  readonly #nextExpiry;
  readonly #dueExpiry;
  readonly #nextCapture;
  readonly #dueCapture;

  constructor(db: SqliteDatabase, commits?: CommitGroup) {
    this.#db = db;
    this.#commits = commits;
    const alone = db.transaction((work: () => unknown) => work());
    this.#inTransaction = commits ? (work) => commits.run(work) : alone;
    this.#byId = db.prepare(`${PAYMENT_SELECT} WHERE payment_id = ?`);
    this.#byRequestId = db.prepare(`${PAYMENT_SELECT} WHERE client_id = ? AND payment_request_id = ?`);
    this.#byPageToken = db.prepare(`${PAYMENT_SELECT} WHERE page_token = ?`);
    this.#insertPayment = db.prepare(
      `INSERT INTO payments (${PAYMENT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${PAYMENT_COLUMNS.map(([p]) => `@${p}`).join(', ')})`,
    );
    this.#insertTransaction = db.prepare(
      `INSERT INTO transactions (${TRANSACTION_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${TRANSACTION_COLUMNS.map(([p]) => `@${p}`).join(', ')})`,
    );
    this.#insertEvent = db.prepare('INSERT INTO payment_events (payment_id, at, type, detail, cause) VALUES (?, ?, ?, ?, ?)');
    this.#transactionsOf = db.prepare(`${TRANSACTION_SELECT} WHERE payment_id = ? ORDER BY created_at, rowid`);
    this.#transactionByRequest = db.prepare(`${TRANSACTION_SELECT} WHERE client_id = ? AND type = ? AND request_id = ?`);
    this.#transactionById = db.prepare(`${TRANSACTION_SELECT} WHERE transaction_id = ?`);
    this.#eventsOf = db.prepare('SELECT id, payment_id AS paymentId, at, type, detail, cause FROM payment_events WHERE payment_id = ? ORDER BY id');
    this.#nextExpiry = db.prepare("SELECT MIN(expires_at) AS at FROM payments WHERE status = 'PROCESSING'");
    this.#dueExpiry = db.prepare(`${PAYMENT_SELECT} WHERE status = 'PROCESSING' AND expires_at <= ? ORDER BY expires_at LIMIT 500`);
    this.#nextCapture = db.prepare("SELECT MIN(capture_due_at) AS at FROM payments WHERE capture_state = 'PENDING'");
    this.#dueCapture = db.prepare(`${PAYMENT_SELECT} WHERE capture_state = 'PENDING' AND capture_due_at <= ? ORDER BY capture_due_at LIMIT 500`);
  }

  transaction<T>(work: () => T): T {
    return this.#inTransaction(work) as T;
  }

  /** Resolves once the writes made so far are committed; rejects when their group failed. */
  durable(): Promise<void> {
    return this.#commits?.durable() ?? Promise.resolve();
  }

  get(paymentId: string): PaymentRecord | undefined {
    return this.#byId.get(paymentId) as PaymentRecord | undefined;
  }

  getByRequestId(clientId: string, paymentRequestId: string): PaymentRecord | undefined {
    return this.#byRequestId.get(clientId, paymentRequestId) as PaymentRecord | undefined;
  }

  getByPageToken(token: string): PaymentRecord | undefined {
    return this.#byPageToken.get(token) as PaymentRecord | undefined;
  }

  insert(payment: PaymentRecord): void {
    this.#insertPayment.run(payment);
  }

  /** Writes the changed fields of a payment. */
  update(paymentId: string, changes: Partial<PaymentRecord>): void {
    const entries = PAYMENT_COLUMNS.filter(([prop]) => prop in changes && prop !== 'paymentId');
    if (entries.length === 0) return;
    const sql = `UPDATE payments SET ${entries.map(([p, c]) => `${c} = @${p}`).join(', ')} WHERE payment_id = @paymentId`;
    this.#db.prepare(sql).run({ ...changes, paymentId });
  }

  list(filter: PaymentListFilter = {}): PaymentRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.clientId) {
      where.push('client_id = ?');
      params.push(filter.clientId);
    }
    if (filter.q) {
      // three index ranges joined by OR: SQLite's OR optimisation uses each column's index
      where.push(`(${ID_COLUMNS.map((c) => `(${c} >= ? AND ${c} < ?)`).join(' OR ')})`);
      for (let i = 0; i < ID_COLUMNS.length; i += 1) params.push(filter.q, `${filter.q}${MAX_CHAR}`);
    }
    if (filter.from !== undefined) {
      where.push('created_at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('created_at <= ?');
      params.push(filter.to);
    }
    const sql = `${PAYMENT_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return this.#db.prepare(sql).all(...params, filter.limit ?? 100) as PaymentRecord[];
  }

  insertTransaction(transaction: TransactionRecord): void {
    this.#insertTransaction.run(transaction);
  }

  transactionsOf(paymentId: string): TransactionRecord[] {
    return this.#transactionsOf.all(paymentId) as TransactionRecord[];
  }

  transactionByRequest(clientId: string, type: string, requestId: string): TransactionRecord | undefined {
    return this.#transactionByRequest.get(clientId, type, requestId) as TransactionRecord | undefined;
  }

  transactionById(transactionId: string): TransactionRecord | undefined {
    return this.#transactionById.get(transactionId) as TransactionRecord | undefined;
  }

  addEvent(paymentId: string, at: number, type: string, detail?: Record<string, unknown>, cause?: EventCause): void {
    this.#insertEvent.run(paymentId, at, type, detail ? JSON.stringify(detail) : null, cause ? JSON.stringify(cause) : null);
  }

  eventsOf(paymentId: string): PaymentEvent[] {
    return (this.#eventsOf.all(paymentId) as Array<Omit<PaymentEvent, 'detail' | 'cause'> & { detail: string | null; cause: string | null }>).map((e) => ({
      ...e,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
      cause: e.cause ? (JSON.parse(e.cause) as EventCause) : null,
    }));
  }

  nextExpiryAt(): number | undefined {
    return (this.#nextExpiry.get() as { at: number | null }).at ?? undefined;
  }

  dueForExpiry(now: number): PaymentRecord[] {
    return this.#dueExpiry.all(now) as PaymentRecord[];
  }

  nextCaptureAt(): number | undefined {
    return (this.#nextCapture.get() as { at: number | null }).at ?? undefined;
  }

  dueForCapture(now: number): PaymentRecord[] {
    return this.#dueCapture.all(now) as PaymentRecord[];
  }

  /** Empties payments and everything hanging off them (control API reset). */
  clearAll(): void {
    this.#db.exec('DELETE FROM notification_attempts; DELETE FROM notifications; DELETE FROM payment_events; DELETE FROM transactions; DELETE FROM payments;');
  }
}
