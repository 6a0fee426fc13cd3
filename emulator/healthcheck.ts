#!/usr/bin/env node
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The container's HEALTHCHECK: node itself (the image has no curl) asks /_sandbox/health on the
 * port and scheme the sandbox was started with, from the same ANTOM_SANDBOX_* variables.
 * Exit 0 when it answers 200, 1 otherwise, within 2 s.
 */
const env = process.env;
const tls = /^(1|true|yes)$/i.test(env.ANTOM_SANDBOX_TLS ?? '') || Boolean(env.ANTOM_SANDBOX_TLS_CERT);
const port = Number(env.ANTOM_SANDBOX_PORT || 4180);
// a self-signed certificate is the point of --tls here, so the check does not verify it
const request = tls ? httpsRequest : httpRequest;
const req = request({ host: '127.0.0.1', port, path: '/_sandbox/health', timeout: 2_000, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timed out after 2 s')));
req.on('error', (error) => {
  console.error(`antom-sandbox health check: ${error.message}`);
  process.exit(1);
});
req.end();
