import type { KeyObject } from 'node:crypto';
import { exportPublicKey, loadPublicKey } from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { MerchantStore } from '../storage/merchant-store.js';

export interface Merchant {
  clientId: string;
  publicKey: KeyObject;
  publicKeyPem: string;
  notifyUrl: string | null;
  name: string | null;
}

export interface MerchantRegistration {
  clientId: string;
  publicKey: string | KeyObject;
  notifyUrl?: string | null | undefined;
  name?: string | null | undefined;
}

/** Registered merchants with their public keys parsed once (KeyObjects are cached). */
export class MerchantRegistry {
  readonly #store: MerchantStore;
  readonly #clock: VirtualClock;
  readonly #cache = new Map<string, Merchant>();

  constructor(store: MerchantStore, clock: VirtualClock) {
    this.#store = store;
    this.#clock = clock;
  }

  register(registration: MerchantRegistration): Merchant {
    const key = loadPublicKey(registration.publicKey);
    const pem = exportPublicKey(key).pem;
    this.#store.upsert({
      clientId: registration.clientId,
      publicKey: pem,
      notifyUrl: registration.notifyUrl ?? null,
      name: registration.name ?? null,
      createdAt: this.#clock.now(),
    });
    this.#cache.delete(registration.clientId);
    return this.get(registration.clientId)!;
  }

  get(clientId: string): Merchant | undefined {
    const cached = this.#cache.get(clientId);
    if (cached) return cached;
    const row = this.#store.get(clientId);
    if (!row) return undefined;
    const merchant: Merchant = {
      clientId: row.clientId,
      publicKey: loadPublicKey(row.publicKey),
      publicKeyPem: row.publicKey,
      notifyUrl: row.notifyUrl,
      name: row.name,
    };
    this.#cache.set(clientId, merchant);
    return merchant;
  }

  list(): Merchant[] {
    return this.#store.all().map((row) => this.get(row.clientId)!);
  }
}
