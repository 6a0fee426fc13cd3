import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMerchant } from '../../emulator/cli-options.js';
import { ConfigError } from '../../emulator/config.js';
import { inspectDataPath, startupFailureSentence, unreadableFileSentence, type DataPathFacts } from '../../emulator/startup-errors.js';
import { migrate } from '../../emulator/storage/database.js';

const dir = mkdtempSync(join(tmpdir(), 'antom-startup-'));
const settings = { data: join(dir, 'sandbox.db'), host: '127.0.0.1', port: 4180 };
/** a healthy path: the facts of a file this user can read and write in a writable directory */
const healthy: DataPathFacts = { kind: 'file', readable: true, writable: true, directory: dir, directoryWritable: true, freeBytes: 10 * 1024 ** 3 };
const facts = (overrides: Partial<DataPathFacts>) => () => ({ ...healthy, ...overrides });

/** Real errors, made the way start-up meets them. */
function sqliteErrorOf(action: (db: Database.Database) => void, file: string): Error {
  const db = new Database(file);
  try {
    action(db);
  } catch (error) {
    return error as Error;
  } finally {
    db.close();
  }
  throw new Error('expected SQLite to fail');
}

function notADatabase(): Error {
  const file = join(dir, 'text.db');
  writeFileSync(file, 'this is a text file, not SQLite '.repeat(20));
  return sqliteErrorOf((db) => db.pragma('journal_mode = WAL'), file);
}

function newerSchema(): Error {
  const file = join(dir, 'newer.db');
  const db = new Database(file);
  db.pragma('user_version = 99');
  db.close();
  return sqliteErrorOf((d) => migrate(d), file);
}

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function listenError(port: number): Promise<Error> {
  const server = createServer();
  return new Promise((resolve) => server.once('error', resolve).listen(port, '127.0.0.1', () => resolve(new Error('listened'))));
}

async function portInUse(): Promise<{ error: Error; port: number }> {
  const first = createServer();
  servers.push(first);
  await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
  const port = (first.address() as { port: number }).port;
  return { error: await listenError(port), port };
}

const sqlite = (code: string, message: string) => new Database.SqliteError(message, code);
const system = (code: string, syscall: string, path?: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path ? { path } : {}) });

describe('start-up failure sentences (cause, then the fix)', () => {
  const table: Array<[string, () => Error | Promise<Error>, () => DataPathFacts, RegExp]> = [
    ['a file that is not SQLite', notADatabase, facts({}), /^The data file ".*sandbox\.db" is not an antom-sandbox database \(SQLite: file is not a database\): point --data at a new file, or move this one aside/],
    ['a damaged database', () => sqlite('SQLITE_CORRUPT', 'database disk image is malformed'), facts({}), /is damaged \(SQLite: database disk image is malformed\): move it aside/],
    ['a database of a newer version', newerSchema, facts({}), /written by a newer antom-sandbox \(schema 99; this one knows \d+\): upgrade antom-sandbox, or point --data at another file\.$/],
    ['an unreadable file', () => sqlite('SQLITE_CANTOPEN', 'unable to open database file'), facts({ readable: false, writable: false }), /is not readable by this user: give this user read and write access/],
    ['a read-only file', () => sqlite('SQLITE_READONLY', 'attempt to write a readonly database'), facts({ writable: false }), /is read-only for this user, and the sandbox writes to it as it runs: make it writable \(chmod u\+w\)/],
    ['a directory that is not writable', () => sqlite('SQLITE_READONLY', 'attempt to write a readonly database'), facts({ directoryWritable: false }), /^The directory ".*" is not writable by this user, and SQLite needs to create files there .*: make the directory writable/],
    ['--data naming a directory', () => sqlite('SQLITE_CANTOPEN', 'unable to open database file'), facts({ kind: 'directory' }), /is a directory, not a file: give a file path in it, e\.g\. --data .*\/sandbox\.db\/sandbox\.db\.$/],
    ['a full disk (SQLITE_FULL)', () => sqlite('SQLITE_FULL', 'database or disk is full'), facts({ freeBytes: 0 }), /^The disk that holds ".*" is full \(0 KB free\): free some space, or point --data at another disk/],
    ['a full disk seen as an I/O error', () => sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'), facts({ freeBytes: 4096 }), /is full \(4 KB free\)/],
    ['an I/O error on a roomy disk', () => sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'), facts({}), /^SQLite cannot use the data file ".*" \(SQLITE_IOERR_WRITE: disk I\/O error\): check the file and its disk/],
    ['a full disk while writing the TLS certificate', () => system('ENOSPC', 'write'), facts({ freeBytes: 0 }), /^The disk that holds ".*antom-startup-\w+" is full/],
    ['the data directory cannot be created', () => system('EACCES', 'mkdir', '/srv/locked/sub'), facts({}), /^This user may not create the directory "\/srv\/locked\/sub" \(EACCES\): make "\/srv\/locked" writable/],
    ['a file where the directory should be', () => system('EEXIST', 'mkdir', '/tmp/a-file'), facts({}), /"\/tmp\/a-file" is in the way: a file stands where the data directory should be/],
    ['a read-only file system', () => system('EROFS', 'open', '/ro/sandbox.db'), facts({}), /is on a read-only file system: point --data at a writable disk/],
    ['a port in use', async () => (await portInUse()).error, facts({}), /^Port 4180 on 127\.0\.0\.1 is already in use \(another antom-sandbox\?\): stop whatever listens there, or choose another port with --port <n>/],
    ['listening not permitted', () => system('EACCES', 'listen'), facts({}), /^This user is not permitted to listen on 127\.0\.0\.1:4180 \(EACCES\): choose another --port or --host\.$/],
    ['an address of another machine', () => system('EADDRNOTAVAIL', 'listen'), facts({}), /^127\.0\.0\.1 \(--host\) is not an address of this machine: use 127\.0\.0\.1/],
    ['a host name that does not resolve', () => system('ENOTFOUND', 'getaddrinfo'), facts({}), /^The host name "127\.0\.0\.1" \(--host\) does not resolve \(ENOTFOUND\)/],
    ['a setting', () => new ConfigError('--port: "x" is not a whole number.'), facts({}), /^--port: "x" is not a whole number\.$/],
    ['anything else', () => new TypeError('boom\n    at somewhere'), facts({}), /^Failed to start \(TypeError: boom\); run again with --log-level debug to see where\.$/],
  ];

  it.each(table)('%s', async (_cause, makeError, dataFacts, sentence) => {
    const text = startupFailureSentence(await makeError(), settings, dataFacts);
    expect(text).toMatch(sentence);
    // one sentence: one line, no stack frame, ends with a full stop
    expect(text).not.toContain('\n');
    expect(text).not.toMatch(/\bat \S+ \(/);
    expect(text).toMatch(/\.$/);
  });

  it('tells a port below 1024 from a higher one', () => {
    expect(startupFailureSentence(system('EACCES', 'listen'), { ...settings, port: 80 })).toMatch(/^This user may not listen on port 80: ports below 1024 need root \(or CAP_NET_BIND_SERVICE\); choose --port 1024 or above/);
    expect(startupFailureSentence(system('EACCES', 'listen'), { ...settings, port: 5000 })).toMatch(/^This user is not permitted to listen on 127\.0\.0\.1:5000/);
  });

  it('says nothing about the data file when the data is in memory', () => {
    expect(startupFailureSentence(sqlite('SQLITE_FULL', 'database or disk is full'), { ...settings, data: ':memory:' })).toMatch(/^Failed to start \(SqliteError: database or disk is full\)/);
  });

  it('names why a flag file cannot be read', () => {
    expect(unreadableFileSentence('tls-cert', '/nope/cert.pem', system('ENOENT', 'open'))).toBe('--tls-cert: there is no file "/nope/cert.pem": check the path.');
    expect(unreadableFileSentence('tls-key', 'key.pem', system('ENOENT', 'open'))).toBe(`--tls-key: there is no file "key.pem" in ${process.cwd()}: check the path.`);
    expect(unreadableFileSentence('merchant', '/k.pem', system('EACCES', 'open'))).toMatch(/^--merchant: "\/k\.pem" is not readable by this user: give this user read access/);
    expect(unreadableFileSentence('scenarios', '/etc', system('EISDIR', 'read'))).toBe('--scenarios: "/etc" is a directory: name the file in it.');
  });

  it('looks at the real file system for the facts', () => {
    const file = join(dir, 'present.db');
    writeFileSync(file, '');
    expect(inspectDataPath(file)).toMatchObject({ kind: 'file', readable: true, writable: true, directory: dir, directoryWritable: true });
    expect(inspectDataPath(dir).kind).toBe('directory');
    expect(inspectDataPath(join(dir, 'absent.db')).kind).toBe('missing');
    expect(inspectDataPath(file).freeBytes).toBeGreaterThan(0);
  });
});

describe('--merchant with a display name', () => {
  const key = join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'demo-merchant-public.pem');

  it.each([
    [`SANDBOX_A=${key}`, { clientId: 'SANDBOX_A' }],
    [`SANDBOX_A=${key},http://localhost:3000/antom/notify`, { clientId: 'SANDBOX_A', notifyUrl: 'http://localhost:3000/antom/notify' }],
    [`SANDBOX_A=${key},name=My Shop`, { clientId: 'SANDBOX_A', name: 'My Shop' }],
    [`SANDBOX_A=${key},http://localhost:3000/n?name=x,name=Tea, Cups & Co`, { clientId: 'SANDBOX_A', notifyUrl: 'http://localhost:3000/n?name=x', name: 'Tea, Cups & Co' }],
  ])('%s', (spec, expected) => {
    const merchant = parseMerchant(spec);
    expect(merchant).toMatchObject(expected);
    expect(merchant.publicKey).toContain('BEGIN PUBLIC KEY');
    if (!('name' in expected)) expect(merchant.name).toBeUndefined();
    if (!('notifyUrl' in expected)) expect(merchant.notifyUrl).toBeUndefined();
  });

  it('refuses an empty name', () => {
    expect(() => parseMerchant(`SANDBOX_A=${key},name=`)).toThrow(/has an empty name=/);
  });
});
