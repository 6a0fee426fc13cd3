// A merchant's notification endpoint in a process of its own, for the CLI test of
// `antom-sandbox check`: `node receiver-process.mjs reference|naive|reserialising <antom public key file>`.
// reference: the built reference client's Fastify plugin; naive: acknowledges everything;
// reserialising: verifies JSON.stringify(JSON.parse(body)) instead of the bytes received.
// Prints "listening <url>" once it accepts connections.
import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';

const [mode, keyFile] = process.argv.slice(2);
const ack = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';
const app = Fastify();
if (mode === 'reference') {
  const { antomNotificationPlugin } = await import(join(import.meta.dirname, '..', '..', 'dist', 'client', 'index.js'));
  await app.register(antomNotificationPlugin, {
    path: '/antom/notify',
    antomPublicKey: readFileSync(keyFile, 'utf8'),
    clientId: 'SANDBOX_DEMO_MERCHANT',
    handler: () => undefined,
  });
} else if (mode === 'naive') {
  app.post('/antom/notify', async (_request, reply) => reply.header('content-type', 'application/json').send(ack));
} else if (mode === 'reserialising') {
  const key = createPublicKey(readFileSync(keyFile, 'utf8'));
  app.post('/antom/notify', async (request, reply) => {
    // Fastify has parsed the JSON already: the bug is to verify what it gives back
    const signature = /(?:^|,)\s*signature=([^,]+)/.exec(String(request.headers.signature ?? ''))?.[1];
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`POST /antom/notify\n${request.headers['client-id']}.${request.headers['request-time']}.${JSON.stringify(request.body)}`, 'utf8');
    const ok = request.headers['client-id'] === 'SANDBOX_DEMO_MERCHANT' && signature !== undefined && verifier.verify(key, decodeURIComponent(signature.trim()), 'base64');
    if (!ok) return reply.code(401).send({ error: 'bad signature' });
    return reply.header('content-type', 'application/json').send(ack);
  });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening ${address}/antom/notify`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
