/**
 * The request journal: every Antom API call, in memory and bounded (oldest dropped first), so a
 * developer sees what was sent, what came back and why a signature failed.
 */
export interface JournalEntry {
  id: number;
  /** virtual time of the call, ISO 8601 */
  at: string;
  method: string;
  path: string;
  api: string | null;
  clientId: string;
  /** VALID, SKIPPED, INVALID, MISSING, UNKNOWN_CLIENT, or null when the call never got that far */
  verdict: string | null;
  /** for a failed signature: the exact text the sandbox expected to be signed */
  expectedSignedText: string | null;
  /** for a failed signature: the registered public key it used */
  key: { fingerprint: string; pem: string } | null;
  requestHeaders: Record<string, string>;
  requestBody: string;
  httpStatus: number | null;
  responseBody: string | null;
  resultCode: string | null;
  /** the scenario fault applied, if any (e.g. "noAnswer", "httpStatus 503") */
  fault: string | null;
  durationMs: number | null;
}

export type JournalInput = Omit<JournalEntry, 'id'>;

const BODY_CHARS = 64 * 1024;
const SHOWN_HEADERS = ['content-type', 'client-id', 'request-time', 'signature', 'user-agent'];

export class RequestJournal {
  readonly #limit: number;
  #entries: JournalEntry[] = [];
  #nextId = 1;
  /** called with each entry as it is added (the control API's live stream) */
  onAdd: ((entry: JournalEntry) => void) | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  add(entry: JournalInput): JournalEntry {
    const stored: JournalEntry = {
      ...entry,
      id: this.#nextId++,
      requestBody: clip(entry.requestBody),
      responseBody: entry.responseBody === null ? null : clip(entry.responseBody),
    };
    this.onAdd?.(stored);
    if (this.#limit === 0) return stored;
    this.#entries.push(stored);
    // drop the oldest in batches, so a full journal does not shift the array on every call
    if (this.#entries.length > this.#limit + Math.max(1, Math.floor(this.#limit / 10))) this.#entries = this.#entries.slice(-this.#limit);
    return stored;
  }

  /** Newest first, at most `limit` (and never more than the bound). */
  list(filter: { limit?: number | undefined; clientId?: string | undefined; verdict?: string | undefined } = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const all = this.#entries.slice(-this.#limit);
    for (let i = all.length - 1; i >= 0 && out.length < (filter.limit ?? this.#limit); i -= 1) {
      const e = all[i]!;
      if (filter.clientId !== undefined && e.clientId !== filter.clientId) continue;
      if (filter.verdict !== undefined && e.verdict !== filter.verdict) continue;
      out.push(e);
    }
    return out;
  }

  get size(): number {
    return Math.min(this.#entries.length, this.#limit);
  }

  clear(): void {
    this.#entries = [];
  }
}

export function shownHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function clip(text: string): string {
  return text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS)}… (${text.length} chars)` : text;
}
