/**
 * Versioned schema migrations, applied in order; PRAGMA user_version records the last one.
 * Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: merchants, payments, transactions, the payment timeline, the notification outbox
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE merchants (
    client_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    notify_url TEXT,
    name TEXT,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE payments (
    payment_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    payment_request_id TEXT NOT NULL,
    reference_order_id TEXT NOT NULL,
    order_description TEXT NOT NULL,
    status TEXT NOT NULL,
    result_code TEXT NOT NULL,
    result_message TEXT NOT NULL,
    amount_value INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    paid_at INTEGER,
    cancelled_at INTEGER,
    closed_at INTEGER,
    selected_card_brand TEXT,
    card_brand TEXT,
    card_no TEXT,
    redirect_url TEXT NOT NULL,
    notify_url TEXT,
    terminal_type TEXT,
    page_token TEXT NOT NULL UNIQUE,
    capture_state TEXT NOT NULL DEFAULT 'NONE',
    capture_due_at INTEGER,
    fingerprint TEXT NOT NULL,
    pay_response TEXT NOT NULL,
    UNIQUE (client_id, payment_request_id)
  );
  CREATE INDEX payments_processing_expiry ON payments (expires_at) WHERE status = 'PROCESSING';
  CREATE INDEX payments_capture_due ON payments (capture_due_at) WHERE capture_state = 'PENDING';
  CREATE INDEX payments_created ON payments (created_at);

  CREATE TABLE transactions (
    transaction_id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments (payment_id),
    client_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    result_code TEXT NOT NULL,
    result_message TEXT NOT NULL,
    request_id TEXT NOT NULL,
    amount_value INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    reference_refund_id TEXT,
    refund_reason TEXT,
    notify_url TEXT
  );
  CREATE INDEX transactions_payment ON transactions (payment_id);
  CREATE UNIQUE INDEX transactions_request ON transactions (client_id, type, request_id);

  CREATE TABLE payment_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX payment_events_payment ON payment_events (payment_id, id);

  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    payment_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    notify_type TEXT NOT NULL,
    url TEXT,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    after_id TEXT,
    effects TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'PENDING';
  CREATE INDEX notifications_payment ON notifications (payment_id, seq);

  CREATE TABLE notification_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    http_status INTEGER,
    response_excerpt TEXT,
    latency_ms INTEGER,
    error TEXT,
    ok INTEGER NOT NULL
  );
  CREATE INDEX notification_attempts_notification ON notification_attempts (notification_id, id);
  `,
  // 2: scenario rules (issue 5), kept across restarts with their uses left
  `
  CREATE TABLE scenario_rules (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    remaining INTEGER,
    used INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // 3: the control page (issue 17): search by any of the three ids, the cause of each timeline
  // event, and a merchant's private key so the page can start payments as that merchant
  `
  CREATE INDEX payments_request_id ON payments (payment_request_id);
  CREATE INDEX payments_reference_order ON payments (reference_order_id);
  ALTER TABLE payment_events ADD COLUMN cause TEXT;
  ALTER TABLE merchants ADD COLUMN private_key TEXT;
  `,
];
