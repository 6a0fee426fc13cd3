import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadPrivateKey, originFormOf } from '../protocol/index.js';
import { VirtualClock } from './clock/virtual-clock.js';
import { resolveConfig, type SandboxConfig, type SandboxOptions } from './config.js';
import { FIXTURES_DIR } from './package-root.js';
import { antomApiPlugin } from './routes/ams/antom-api-plugin.js';
import { controlApiPlugin } from './routes/control/control-plugin.js';
import { controlPagePlugin } from './routes/control/control-page.js';
import { hostedPagesPlugin } from './routes/pages/hosted-pages-plugin.js';
import { BrandCatalogue } from './services/brand-catalogue.js';
import { DueWorkScheduler } from './services/due-work-scheduler.js';
import { MerchantRegistry } from './services/merchant-registry.js';
import { NotificationOutbox } from './services/notification-outbox.js';
import { PaymentService } from './services/payment-service.js';
import { PaymentStarter } from './services/payment-starter.js';
import { RequestJournal } from './services/request-journal.js';
import { ScenarioEngine } from './services/scenario-engine.js';
import { readScenarioFile } from './services/scenario-presets.js';
import { SandboxEvents } from './services/sandbox-events.js';
import { SandboxSigner } from './services/sandbox-signer.js';
import { resolveTlsMaterial } from './tls/tls-material.js';
import { fastifyTimeoutOptions, SERVER_TIMEOUTS, type ServerTimeouts } from './server-timeouts.js';
import type { SandboxServices } from './services/sandbox-services.js';
import { openDatabase, readMeta, startBackgroundCheckpoints, writeMeta } from './storage/database.js';
import type { WalCheckpointer } from './storage/wal-checkpointer.js';
import { CommitGroup } from './storage/commit-group.js';
import { MerchantStore } from './storage/merchant-store.js';
import { NotificationStore } from './storage/notification-store.js';
import { PaymentStore } from './storage/payment-store.js';
import { ScenarioStore } from './storage/scenario-store.js';
import { storageProblemOf } from './storage/storage-errors.js';
import { storageUnavailableBody } from './routes/control/control-errors.js';

export type SandboxApp = FastifyInstance;

const CLOCK_OFFSET_KEY = 'clock_offset_ms';

const fixtureMerchantsSchema = z.object({
  merchants: z.array(z.object({ clientId: z.string(), name: z.string().optional(), publicKeyFile: z.string(), privateKeyFile: z.string().optional(), notifyUrl: z.string().optional() })),
});

function noJsonSchemas(): never {
  throw new Error('antom-sandbox validates with zod (protocol/): routes take no JSON schema.');
}

/**
 * Builds the whole sandbox as one Fastify app: storage, clock, services, the Antom API, the
 * control API. The CLI only starts it; tests build the same app.
 */
export async function buildSandbox(options: SandboxOptions & { serverTimeouts?: Partial<ServerTimeouts> } = {}): Promise<SandboxApp> {
  const config = resolveConfig(options);
  const tls = resolveTlsMaterial(config);
  const { nodeServerOptions, ...timeouts } = fastifyTimeoutOptions({ ...SERVER_TIMEOUTS, ...options.serverTimeouts });
  // an HTTPS Fastify is the same app on a tls.Server; routes and hooks do not see the difference
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    forceCloseConnections: true,
    // every body is checked with zod (protocol/): Fastify's JSON-schema compilers (ajv,
    // fast-json-stringify) are never used, and loading them was a sixth of start-up
    schemaController: { compilersFactory: { buildValidator: noJsonSchemas, buildSerializer: noJsonSchemas } },
    // protocol §2: an absolute-form target (the Python SDK's) is routed, logged and journalled by
    // its origin form; `//` in a path routes like `/` and is still signed as sent
    rewriteUrl: (req) => originFormOf(req.url ?? '/'),
    routerOptions: { ignoreDuplicateSlashes: true },
    ...timeouts,
    ...(tls ? { https: { ...nodeServerOptions, ...tls } } : { http: nodeServerOptions }),
  }) as unknown as FastifyInstance;
  // every pay asks (normalUrl): the port is known once listening and does not change after
  let listeningUrl: string | undefined;
  const services = createServices(config, () => {
    if (config.publicUrl) return config.publicUrl;
    if (listeningUrl) return listeningUrl;
    const address = app.server.address() as AddressInfo | null;
    const url = `${config.tls ? 'https' : 'http'}://localhost:${address?.port ?? config.port}`;
    if (address) listeningUrl = url;
    return url;
  }, { url: () => selfUrlOf(app.server.address() as AddressInfo, Boolean(tls)), ca: tls?.cert });
  app.decorate('sandbox', services);
  app.decorate('sandboxTlsCertificate', tls?.cert);

  app.addHook('onReady', async () => services.scheduler.poke());
  // group commit (storage/commit-group.ts): no reply tells of a write before it is committed, nor
  // of one a failed group took back while the call was in flight; the Antom API waits in its own
  // onSend hook, where a failed COMMIT becomes a signed U. A callback hook: no promise per request.
  app.decorateRequest('commitMark', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    request.commitMark = services.commits.mark();
    done();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.antom) return payload;
    try {
      await services.commits.durableSince(request.commitMark ?? services.commits.mark());
      return payload;
    } catch (error) {
      const storage = storageProblemOf(error);
      if (!storage) throw error;
      reply.code(503).type('application/json; charset=utf-8');
      return JSON.stringify(storageUnavailableBody(storage));
    }
  });
  // once the sandbox answers (not before: start-up is on the clock), a worker takes over checkpoints
  let checkpointer: WalCheckpointer | undefined;
  app.addHook('onListen', async () => {
    checkpointer ??= startBackgroundCheckpoints(services.db, config.data);
  });
  app.addHook('onClose', async () => {
    services.scheduler.stop();
    await services.outbox.close();
    await services.starter.close();
    await checkpointer?.close();
    services.commits.commit();
    services.db.close();
  });

  app.get('/_sandbox/health', async () => ({
    status: 'ok',
    service: 'antom-sandbox',
    now: new Date(services.clock.now()).toISOString(),
    merchants: services.merchants.list().length,
  }));
  await app.register(antomApiPlugin);
  await app.register(controlApiPlugin, { prefix: '/_sandbox/api' });
  await app.register(controlPagePlugin);
  await app.register(hostedPagesPlugin);
  return app;
}

/** The sandbox's own address for calls to itself: loopback whenever it listens on every interface. */
export function selfUrlOf(address: AddressInfo, tls: boolean): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${tls ? 'https' : 'http'}://${host}:${address.port}`;
}

function createServices(config: SandboxConfig, publicUrl: () => string, self: { url: () => string; ca: string | undefined }): SandboxServices {
  // a bad --scenarios file stops start-up before the data file is opened
  const startupRules = config.scenarios ? readScenarioFile(config.scenarios) : undefined;
  const db = openDatabase(config.data);
  const clock = new VirtualClock({ offsetMs: Number(readMeta(db, CLOCK_OFFSET_KEY) ?? 0) });
  // the offset survives restarts, so timers set before a crash still fall due
  clock.onAdvance(() => {
    try {
      writeMeta(db, CLOCK_OFFSET_KEY, String(clock.offsetMs));
    } catch (error) {
      // a full or read-only data file must not stop the clock (nor the due work after this listener);
      // the whole offset is written again at the next advance
      const storage = storageProblemOf(error);
      if (!storage) throw error;
      process.emitWarning(`antom-sandbox: the clock offset could not be saved: ${storage.problem} (${storage.sqliteCode}); it is saved at the next advance.`);
    }
  });
  const signer = new SandboxSigner(loadPrivateKey(config.signingKey ?? readFileSync(join(FIXTURES_DIR, 'keys', 'sandbox-private.pem'), 'utf8')));
  const merchants = new MerchantRegistry(new MerchantStore(db), clock);
  if (config.fixtureMerchants) {
    const fixture = fixtureMerchantsSchema.parse(JSON.parse(readFileSync(join(FIXTURES_DIR, 'merchants.json'), 'utf8')));
    for (const m of fixture.merchants) {
      // with its private key the control page can start payments as this merchant
      const privateKey = m.privateKeyFile ? readFileSync(join(FIXTURES_DIR, m.privateKeyFile), 'utf8') : undefined;
      merchants.register({ clientId: m.clientId, name: m.name, notifyUrl: m.notifyUrl, publicKey: readFileSync(join(FIXTURES_DIR, m.publicKeyFile), 'utf8'), privateKey });
    }
  }
  for (const m of config.merchants) merchants.register(m);

  const events = new SandboxEvents();
  clock.onAdvance((now) => events.publish('clock', { now, iso: new Date(now).toISOString(), offsetMs: clock.offsetMs }));
  const notifications = new NotificationStore(db);
  const commits = new CommitGroup(db);
  const outbox = new NotificationOutbox(notifications, clock, signer, { retries: config.notifyRetries, timeoutMs: config.notifyTimeoutMs });
  outbox.durable = () => commits.durable();
  const brands = BrandCatalogue.fromFile();
  const payments = new PaymentService({
    store: new PaymentStore(db, commits),
    clock,
    outbox,
    merchants,
    brands,
    options: { publicUrl, captureDelayMs: config.captureDelayMs },
    events,
  });
  outbox.events = events;
  let log: (error: unknown, source: string) => void = () => undefined;
  const scheduler = new DueWorkScheduler(clock, (error, source) => log(error, source));
  log = (error, source) => {
    // a full or read-only data file fails every run until it is fixed: one sentence, not a stack each time
    const storage = storageProblemOf(error);
    process.emitWarning(`antom-sandbox: due work "${source}" failed: ${storage ? `${storage.problem} (${storage.sqliteCode}); retrying` : String((error as Error)?.stack ?? error)}`);
  };
  // scenario rules first, then magic amounts; the --scenarios file replaces its own rules at each start
  const scenarios = new ScenarioEngine({ store: new ScenarioStore(db), payments: payments.store, clock });
  if (startupRules) scenarios.replaceSource('startup', startupRules);
  payments.scenarios = scenarios;
  scenarios.events = events;
  const journal = new RequestJournal(config.journalLimit);
  journal.onAdd = (e) => {
    if (!events.active) return;
    events.publish('journal', { id: e.id, method: e.method, path: e.path, api: e.api, clientId: e.clientId, verdict: e.verdict, resultCode: e.resultCode, httpStatus: e.httpStatus, at: e.at });
  };
  payments.attach(scheduler);
  outbox.attach(scheduler);
  const starter = new PaymentStarter({ merchants, signer, clock, publicUrl, selfUrl: self.url, ca: self.ca });
  payments.startedFromPage = (clientId, paymentRequestId) => starter.takeStartedHere(clientId, paymentRequestId);
  return { config, db, commits, clock, signer, merchants, payments, notifications, outbox, scheduler, brands, scenarios, journal, events, starter, publicUrl };
}
