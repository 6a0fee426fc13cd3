import type { VirtualClock } from '../clock/virtual-clock.js';
import type { SandboxConfig } from '../config.js';
import type { SqliteDatabase } from '../storage/database.js';
import type { CommitGroup } from '../storage/commit-group.js';
import type { NotificationStore } from '../storage/notification-store.js';
import type { BrandCatalogue } from './brand-catalogue.js';
import type { DueWorkScheduler } from './due-work-scheduler.js';
import type { MerchantRegistry } from './merchant-registry.js';
import type { NotificationOutbox } from './notification-outbox.js';
import type { PaymentService } from './payment-service.js';
import type { PaymentStarter } from './payment-starter.js';
import type { RequestJournal } from './request-journal.js';
import type { SandboxEvents } from './sandbox-events.js';
import type { ScenarioEngine } from './scenario-engine.js';
import type { SandboxSigner } from './sandbox-signer.js';

/** The services of one sandbox instance, decorated on Fastify as `app.sandbox`. */
export interface SandboxServices {
  config: SandboxConfig;
  db: SqliteDatabase;
  /** one COMMIT per turn of the event loop; replies and notifications wait for it (storage/commit-group.ts) */
  commits: CommitGroup;
  clock: VirtualClock;
  signer: SandboxSigner;
  merchants: MerchantRegistry;
  payments: PaymentService;
  notifications: NotificationStore;
  outbox: NotificationOutbox;
  scheduler: DueWorkScheduler;
  brands: BrandCatalogue;
  scenarios: ScenarioEngine;
  journal: RequestJournal;
  /** what changed, for the control API's live stream (GET /_sandbox/api/events) */
  events: SandboxEvents;
  /** starts payments as a merchant whose private key the sandbox holds (the control page) */
  starter: PaymentStarter;
  /** base URL of pages and links: --public-url, else http://localhost:<listening port> */
  publicUrl(): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxServices;
    /** the PEM certificate served with --tls (clients pass it as their CA when it is self-signed) */
    sandboxTlsCertificate: string | undefined;
  }
  interface FastifyRequest {
    /** the commit group mark when the request arrived (storage/commit-group.ts `durableSince`) */
    commitMark: number | undefined;
  }
}
