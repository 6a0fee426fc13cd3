import { createPublicKey, type KeyObject } from 'node:crypto';
import { exportPublicKey, KeyFormatError, loadPrivateKey, loadPublicKey } from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { MerchantStore } from '../storage/merchant-store.js';

export interface Merchant {
  clientId: string;
  publicKey: KeyObject;
  publicKeyPem: string;
  notifyUrl: string | null;
  name: string | null;
  /** held only so the control page can start payments as this merchant; never shown */
  privateKey: KeyObject | null;
}

export interface MerchantRegistration {
  clientId: string;
  publicKey: string | KeyObject;
  notifyUrl?: string | null | undefined;
  name?: string | null | undefined;
  /** any form protocol/keys.ts reads; must be the private half of publicKey */
  privateKey?: string | KeyObject | null | undefined;
}

/** The private key as PKCS#8 PEM, after checking it is the other half of `publicKey`. */
export function matchingPrivateKeyPem(privateKey: string | KeyObject, publicKey: KeyObject): string {
  const key = loadPrivateKey(privateKey);
  const derived = createPublicKey(key).export({ format: 'der', type: 'spki' });
  if (!derived.equals(publicKey.export({ format: 'der', type: 'spki' }))) {
    throw new KeyFormatError('privateKey: it is not the private half of publicKey (their public parts differ).');
  }
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
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
    const privateKey = registration.privateKey ? matchingPrivateKeyPem(registration.privateKey, key) : null;
    this.#store.upsert({
      clientId: registration.clientId,
      publicKey: pem,
      notifyUrl: registration.notifyUrl ?? null,
      name: registration.name ?? null,
      privateKey,
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
      privateKey: row.privateKey ? loadPrivateKey(row.privateKey) : null,
    };
    this.#cache.set(clientId, merchant);
    return merchant;
  }

  list(): Merchant[] {
    return this.#store.all().map((row) => this.get(row.clientId)!);
  }
}
