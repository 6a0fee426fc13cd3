import { request, type Dispatcher } from 'undici';

/** A payment as the control API shows it (the fields tests branch on; the rest passes through). */
export interface SandboxPayment {
  paymentId: string;
  paymentRequestId: string;
  clientId: string;
  status: 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';
  resultCode: string | null;
  captureState: string | null;
  normalUrl: string | null;
  [field: string]: unknown;
}

export interface SandboxNotification {
  id: string;
  paymentId: string | null;
  notifyType: string;
  url: string | null;
  status: string;
  attempts: number;
  body: unknown;
  deliveries: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** A scenario rule as design.md "Scenarios" describes it; the sandbox answers with its id. */
export interface ScenarioRule {
  match?: Record<string, string>;
  effect: Record<string, unknown>;
  times?: number;
}

export class SandboxControlError extends Error {
  override name = 'SandboxControlError';
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Small typed helpers over the control API (`/_sandbox/api`), over real HTTP. */
export class SandboxControl {
  /** `dispatcher`: e.g. an undici Agent that trusts a --tls sandbox's self-signed certificate */
  constructor(private readonly baseUrl: string, private readonly token?: string, private readonly dispatcher?: Dispatcher) {}

  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await request(`${this.baseUrl}/_sandbox/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    const text = await response.body.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.statusCode >= 400) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new SandboxControlError(response.statusCode, error?.code ?? 'HTTP_ERROR', `${method} /_sandbox/api${path}: ${error?.message ?? `HTTP ${response.statusCode}`}`);
    }
    return json as T;
  }

  /** Acts as the buyer at the issuer: approve, decline (with a result code) or abandon. */
  authorize(paymentId: string, input: { outcome: 'approve' | 'decline' | 'abandon'; cardBrand?: string; resultCode?: string } = { outcome: 'approve' }): Promise<SandboxPayment> {
    return this.call('POST', `/payments/${encodeURIComponent(paymentId)}/authorize`, input);
  }

  expire(paymentId: string): Promise<SandboxPayment> {
    return this.call('POST', `/payments/${encodeURIComponent(paymentId)}/expire`, {});
  }

  /** Moves virtual time forward: expiries, automatic capture and notification retries fall due. */
  advanceClock(ms: number): Promise<{ now: number; iso: string; offsetMs: number }> {
    return this.call('POST', '/clock/advance', { ms });
  }

  clock(): Promise<{ now: number; iso: string; offsetMs: number }> {
    return this.call('GET', '/clock');
  }

  async payments(query: { status?: SandboxPayment['status']; clientId?: string } = {}): Promise<SandboxPayment[]> {
    const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const text = search.toString();
    return (await this.call<{ payments: SandboxPayment[] }>('GET', `/payments${text ? `?${text}` : ''}`)).payments;
  }

  payment(paymentId: string): Promise<SandboxPayment> {
    return this.call('GET', `/payments/${encodeURIComponent(paymentId)}`);
  }

  async notifications(paymentId?: string): Promise<SandboxNotification[]> {
    const query = paymentId ? `?paymentId=${encodeURIComponent(paymentId)}` : '';
    return (await this.call<{ notifications: SandboxNotification[] }>('GET', `/notifications${query}`)).notifications;
  }

  redeliver(notificationId: string): Promise<SandboxNotification> {
    return this.call('POST', `/notifications/${encodeURIComponent(notificationId)}/redeliver`, {});
  }

  registerMerchant(merchant: { clientId: string; publicKey: string; notifyUrl?: string; name?: string }): Promise<{ clientId: string }> {
    return this.call('POST', '/merchants', merchant);
  }

  keys(): Promise<{ publicKeyPem: string; publicKeyBase64: string }> {
    return this.call('GET', '/keys');
  }
}
