/**
 * The in-process event bus behind the control API's live stream (GET /_sandbox/api/events).
 * Services publish after their change is committed; the stream route subscribes per client.
 * With no subscriber, publishing is one length check, so the Antom API path pays nothing.
 */
export interface SandboxEventMap {
  payment: { paymentId: string; clientId: string; status: string; at: string };
  notification: { id: string; paymentId: string; notifyType: string; status: string; attempts: number; at: string };
  journal: { id: number; method: string; path: string; api: string | null; clientId: string; verdict: string | null; resultCode: string | null; httpStatus: number | null; at: string };
  clock: { now: number; iso: string; offsetMs: number };
  scenario: { action: 'created' | 'deleted' | 'cleared'; id?: string };
  reset: Record<string, never>;
}

export type SandboxEventType = keyof SandboxEventMap;
export type SandboxEvent = { [K in SandboxEventType]: { type: K; data: SandboxEventMap[K] } }[SandboxEventType];
export type SandboxEventListener = (event: SandboxEvent) => void;

export class SandboxEvents {
  readonly #listeners = new Set<SandboxEventListener>();

  /** true when someone listens: lets publishers skip building an event nobody reads */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  publish<K extends SandboxEventType>(type: K, data: SandboxEventMap[K]): void {
    if (this.#listeners.size === 0) return;
    const event = { type, data } as SandboxEvent;
    for (const listener of this.#listeners) {
      // one broken subscriber must not stop the others, nor the service that published
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`antom-sandbox: an event subscriber failed: ${String((error as Error)?.stack ?? error)}`);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: SandboxEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
