import type { SqliteDatabase } from './database.js';

export interface MerchantRow {
  clientId: string;
  publicKey: string;
  notifyUrl: string | null;
  name: string | null;
  /** PKCS#8 PEM, only for merchants the control page may start payments for (migration 3) */
  privateKey: string | null;
  createdAt: number;
}

export class MerchantStore {
  readonly #get;
  readonly #all;
  readonly #upsert;

  constructor(db: SqliteDatabase) {
    const select = 'SELECT client_id AS clientId, public_key AS publicKey, notify_url AS notifyUrl, name, private_key AS privateKey, created_at AS createdAt FROM merchants';
    this.#get = db.prepare(`${select} WHERE client_id = ?`);
    this.#all = db.prepare(`${select} ORDER BY client_id`);
    this.#upsert = db.prepare(
      `INSERT INTO merchants (client_id, public_key, notify_url, name, private_key, created_at) VALUES (@clientId, @publicKey, @notifyUrl, @name, @privateKey, @createdAt)
       ON CONFLICT (client_id) DO UPDATE SET public_key = excluded.public_key, notify_url = excluded.notify_url, name = COALESCE(excluded.name, merchants.name),
         private_key = excluded.private_key`,
    );
  }

  get(clientId: string): MerchantRow | undefined {
    return this.#get.get(clientId) as MerchantRow | undefined;
  }

  all(): MerchantRow[] {
    return this.#all.all() as MerchantRow[];
  }

  upsert(row: MerchantRow): void {
    this.#upsert.run(row);
  }
}
