import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../emulator/index.js';
import { generateSelfSignedCertificate } from '../../emulator/tls/self-signed.js';
import { controlCall, signedCall } from '../support/antom-http.js';
import { runCli, spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest } from '../support/sandbox-harness.js';

/** the certificate a TLS server presents, read off the handshake (no verification) */
function servedCertificate(url: string): Promise<X509Certificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername: 'localhost', rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert);
      else reject(new Error('no certificate presented'));
    });
    socket.on('error', reject);
  });
}

describe('--tls in-process (startSandbox)', () => {
  it('serves HTTPS with a self-signed certificate an HTTPS client can trust as its CA', async () => {
    const sandbox = await startSandbox({ tls: true });
    const trusting = new Agent({ connect: { ca: sandbox.certificate! } });
    try {
      expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);

      const pay = await signedCall(sandbox.url, 'pay', payRequest(), undefined, trusting);
      expect(pay.result.resultCode).toBe('PAYMENT_IN_PROCESS');
      expect(pay.normalUrl).toMatch(/^https:\/\/localhost:\d+\//);
      // the control helpers of startSandbox trust the certificate too
      const approved = await sandbox.control.authorize(pay.paymentId, { outcome: 'approve' });
      expect(approved.status).toBe('SUCCESS');
      const inquiry = await signedCall(sandbox.url, 'inquiryPayment', { paymentId: pay.paymentId }, undefined, trusting);
      expect(inquiry.paymentStatus).toBe('SUCCESS');

      // a client that does not trust it is refused: this is real TLS, not a label
      await expect(request(`${sandbox.url}/_sandbox/health`)).rejects.toThrow(/self[- ]signed/i);
    } finally {
      await trusting.close();
      await sandbox.close();
    }
  });
});

describe('--tls in the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'antom-tls-'));
  const running: SandboxProcess[] = [];
  afterAll(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  it('generates the certificate once beside the data file and serves the same one after a restart', async () => {
    const data = join(dir, 'state', 'sandbox.db');
    const first = await spawnSandbox(['--tls', '--data', data]);
    running.push(first);
    expect(first.url).toMatch(/^https:\/\/localhost:\d+$/);
    const certPem = readFileSync(join(dir, 'state', 'tls-cert.pem'), 'utf8');
    expect(statSync(join(dir, 'state', 'tls-key.pem')).mode & 0o777).toBe(0o600);
    const trusting = new Agent({ connect: { ca: certPem } });
    try {
      expect((await controlCall(first.url, 'GET', '/keys', undefined, trusting)).publicKeyBase64).toBeTruthy();
      const servedFirst = await servedCertificate(first.url);
      expect(servedFirst.fingerprint256).toBe(new X509Certificate(certPem).fingerprint256);
      first.child.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);

      const second = await spawnSandbox([], { ANTOM_SANDBOX_TLS: 'true', ANTOM_SANDBOX_DATA: data });
      running.push(second);
      expect((await servedCertificate(second.url)).fingerprint256).toBe(servedFirst.fingerprint256);
      const pay = await signedCall(second.url, 'pay', payRequest(), undefined, trusting);
      expect(pay.result.resultCode).toBe('PAYMENT_IN_PROCESS');
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      await trusting.close();
    }
  });

  it('serves a certificate of your own with --tls-cert and --tls-key', async () => {
    const own = generateSelfSignedCertificate({ now: new Date(), extraNames: ['own.test'] });
    writeFileSync(join(dir, 'own-cert.pem'), own.cert);
    writeFileSync(join(dir, 'own-key.pem'), own.key);
    const cli = await spawnSandbox(['--data', ':memory:', '--tls-cert', join(dir, 'own-cert.pem'), '--tls-key', join(dir, 'own-key.pem')]);
    running.push(cli);
    // cert and key imply --tls
    expect(cli.url).toMatch(/^https:/);
    expect((await servedCertificate(cli.url)).fingerprint256).toBe(new X509Certificate(own.cert).fingerprint256);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses half a pair, a file that is not a certificate, and a key of another certificate', async () => {
    const other = generateSelfSignedCertificate({ now: new Date() });
    writeFileSync(join(dir, 'other-key.pem'), other.key);
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
    const own = generateSelfSignedCertificate({ now: new Date() });
    writeFileSync(join(dir, 'pair-cert.pem'), own.cert);

    const certOnly = await runCli(['--tls', '--tls-cert', join(dir, 'pair-cert.pem'), '--data', ':memory:']);
    expect(certOnly.code).toBe(2);
    expect(certOnly.stderr).toContain('--tls-cert and --tls-key go together: --tls-key is missing; give both');
    const keyOnly = await runCli(['--tls-key', join(dir, 'other-key.pem'), '--data', ':memory:']);
    expect(keyOnly.code).toBe(2);
    expect(keyOnly.stderr).toContain('--tls-cert is missing');
    const notCert = await runCli(['--tls-cert', join(dir, 'not-a-cert.pem'), '--tls-key', join(dir, 'other-key.pem'), '--data', ':memory:']);
    expect(notCert.code).toBe(2);
    expect(notCert.stderr).toContain('--tls-cert: the file is not a PEM certificate');
    const mismatch = await runCli(['--tls-cert', join(dir, 'pair-cert.pem'), '--tls-key', join(dir, 'other-key.pem'), '--data', ':memory:']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('--tls-key: this key does not belong to the --tls-cert certificate: give the key the certificate was made for');
  });
});
