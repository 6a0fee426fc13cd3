import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSelfSignedCertificate } from '../../emulator/tls/self-signed.js';
import { CLI_PATH } from '../support/cli-process.js';

/**
 * Every start-up failure through the real CLI: one line on stderr naming the cause and the fix,
 * no stack trace, a non-zero exit code. Permission failures need a user without root's rights:
 * as root the CLI runs as `nobody` (setpriv); as anyone else, as itself.
 */
const isRoot = process.getuid?.() === 0;
const UNPRIVILEGED = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];

/** The permission cases need a user whom file modes bind: skip loudly where there is none. */
function needUnprivileged(context: { skip: () => void }): void {
  if (isRoot && !existsSync('/usr/bin/setpriv')) {
    console.warn('startup-failures: NOT RUN: running as root without setpriv, so no user here is bound by file modes');
    context.skip();
  }
}

async function startCli(args: string[], options: { unprivileged?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = options.unprivileged && isRoot ? UNPRIVILEGED : [];
  const [file, ...rest] = [...command, process.execPath, CLI_PATH, ...args];
  const child = spawn(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // a CLI that starts after all must not hang the test: it would print its banner
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function expectOneSentence(result: { code: number | null; stdout: string; stderr: string }, sentence: RegExp, code = 1): void {
  expect(result.stdout, 'nothing starts, so no banner').toBe('');
  expect(result.code).toBe(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^antom-sandbox: /);
  expect(lines[0]).toMatch(sentence);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** a directory every user may enter (mkdtemp makes 0700 ones) */
function openDir(path: string, mode = 0o777): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  return path;
}

function realDatabase(file: string): string {
  const db = new Database(file);
  db.exec('CREATE TABLE t (x)');
  db.close();
  return file;
}

const root = openDir(mkdtempSync(join(tmpdir(), 'antom-startup-cli-')), 0o755);
const servers: Server[] = [];
const mounts: string[] = [];
afterAll(() => {
  for (const server of servers) server.close();
  for (const mount of mounts) execFileSync('umount', [mount]);
  rmSync(root, { recursive: true, force: true });
});

describe('start-up failures through the real CLI', () => {
  it('a data file that is not SQLite', async () => {
    const file = join(root, 'notes.db');
    writeFileSync(file, 'shopping list: green tea, cups, a kettle\n'.repeat(10));
    expectOneSentence(
      await startCli(['--port', '0', '--data', file]),
      /^antom-sandbox: The data file ".*notes\.db" is not an antom-sandbox database \(SQLite: file is not a database\): point --data at a new file, or move this one aside to start afresh\.$/,
    );
  });

  it('shows the stack only at --log-level debug', async () => {
    const file = join(root, 'notes-debug.db');
    writeFileSync(file, 'not a database\n'.repeat(40));
    const result = await startCli(['--port', '0', '--data', file, '--log-level', 'debug']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(/is not an antom-sandbox database/);
    expect(result.stderr).toMatch(/SqliteError: file is not a database\n\s+at /);
  });

  it('a data file this user cannot read', async (context) => {
    needUnprivileged(context);
    const dir = openDir(join(root, 'unreadable'));
    const file = realDatabase(join(dir, 'sandbox.db'));
    chmodSync(file, 0o000);
    expectOneSentence(
      await startCli(['--port', '0', '--data', file], { unprivileged: true }),
      /The data file ".*unreadable\/sandbox\.db" is not readable by this user: give this user read and write access to it \(chmod u\+rw, or run as its owner\), or point --data at another file\.$/,
    );
  });

  it('a read-only data file', async (context) => {
    needUnprivileged(context);
    const dir = openDir(join(root, 'read-only'));
    const file = realDatabase(join(dir, 'sandbox.db'));
    chmodSync(file, 0o444);
    expectOneSentence(
      await startCli(['--port', '0', '--data', file], { unprivileged: true }),
      /The data file ".*read-only\/sandbox\.db" is read-only for this user, and the sandbox writes to it as it runs: make it writable \(chmod u\+w\), or point --data at a copy in a writable directory\.$/,
    );
  });

  it('a data directory this user cannot write', async (context) => {
    needUnprivileged(context);
    const dir = openDir(join(root, 'locked'), 0o555);
    expectOneSentence(
      await startCli(['--port', '0', '--data', join(dir, 'sandbox.db')], { unprivileged: true }),
      /The directory ".*locked" is not writable by this user, and SQLite needs to create files there \(the data file, and its -wal and -shm beside it\): make the directory writable, or point --data into a writable one \(or use --data :memory:\)\.$/,
    );
    expect(existsSync(join(dir, 'sandbox.db'))).toBe(false);
  });

  it('a data directory that cannot be created', async (context) => {
    needUnprivileged(context);
    const dir = openDir(join(root, 'locked-parent'), 0o555);
    expectOneSentence(
      await startCli(['--port', '0', '--data', join(dir, 'sub', 'sandbox.db')], { unprivileged: true }),
      /This user may not create the directory ".*locked-parent\/sub" \(EACCES\): make ".*locked-parent" writable for this user/,
    );
  });

  it('a full disk (a 128 KB tmpfs)', async (context) => {
    const mountPoint = openDir(join(root, 'tiny-disk'));
    if (!isRoot) {
      console.warn('startup-failures: NOT RUN: the full-disk case mounts a tmpfs, which needs root; the sentence is covered by startup-sentences.test.ts');
      context.skip();
    }
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k,mode=0777', 'tmpfs', mountPoint]);
    mounts.push(mountPoint);
    expectOneSentence(
      await startCli(['--port', '0', '--data', join(mountPoint, 'sandbox.db')]),
      /^antom-sandbox: The disk that holds ".*tiny-disk" is full \(\d+ KB free\): free some space, or point --data at another disk \(or use --data :memory:\)\.$/,
    );
  });

  it('a port in use', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expectOneSentence(
      await startCli(['--port', String(port), '--data', ':memory:']),
      new RegExp(`^antom-sandbox: Port ${port} on 127\\.0\\.0\\.1 is already in use \\(another antom-sandbox\\?\\): stop whatever listens there, or choose another port with --port <n> \\(--port 0 takes any free one\\)\\.$`),
    );
  });

  it('a port this user may not use (80)', async (context) => {
    needUnprivileged(context);
    const firstFree = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (firstFree <= 80) {
      console.warn(`startup-failures: NOT RUN: ip_unprivileged_port_start is ${firstFree}, so every user may listen on port 80 here`);
      context.skip();
    }
    expectOneSentence(
      await startCli(['--port', '80', '--data', ':memory:'], { unprivileged: true }),
      /^antom-sandbox: This user may not listen on port 80: ports below 1024 need root \(or CAP_NET_BIND_SERVICE\); choose --port 1024 or above \(the default is 4180\), or publish a low port from Docker \(-p 80:4180\)\.$/,
    );
  });

  it('an address that is not this machine', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of a real machine
    expectOneSentence(await startCli(['--port', '0', '--host', '192.0.2.1', '--data', ':memory:']), /^antom-sandbox: 192\.0\.2\.1 \(--host\) is not an address of this machine: use 127\.0\.0\.1/);
  });

  it('TLS files that do not belong together, or are missing', async () => {
    const own = generateSelfSignedCertificate({ now: new Date() });
    const other = generateSelfSignedCertificate({ now: new Date() });
    writeFileSync(join(root, 'cert.pem'), own.cert);
    writeFileSync(join(root, 'other-key.pem'), other.key);
    expectOneSentence(
      await startCli(['--port', '0', '--data', ':memory:', '--tls-cert', join(root, 'cert.pem'), '--tls-key', join(root, 'other-key.pem')]),
      /^antom-sandbox: --tls-key: this key does not belong to the --tls-cert certificate: give the key the certificate was made for/,
      2,
    );
    expectOneSentence(
      await startCli(['--port', '0', '--data', ':memory:', '--tls-cert', join(root, 'cert.pem'), '--tls-key', join(root, 'no-such-key.pem')]),
      /^antom-sandbox: --tls-key: there is no file ".*no-such-key\.pem": check the path\.$/,
      2,
    );
  });

  it('a key file that holds no key', async () => {
    writeFileSync(join(root, 'not-a-key.pem'), 'hello');
    expectOneSentence(
      await startCli(['--port', '0', '--data', ':memory:', '--merchant', `SANDBOX_SHOP=${join(root, 'not-a-key.pem')},name=Shop`]),
      /^antom-sandbox: --merchant: ".*not-a-key\.pem" is not an RSA public key \(.*\): give a PEM file or the bare base64 of an SPKI \(or PKCS#1\) key\.$/,
      2,
    );
  });
});
