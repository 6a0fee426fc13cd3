import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.js';

/**
 * Every way `antom-sandbox` can fail to start, as one sentence that names the cause and the
 * fix: no stack trace (the CLI adds it only at --log-level debug). The sentences live here
 * alone, so they read alike and one table of tests covers them.
 */

/** The settings a sentence may name. */
export interface StartupSettings {
  data: string;
  host: string;
  port: number;
}

/** What the file system says about the --data path, looked at once start-up has failed. */
export interface DataPathFacts {
  kind: 'missing' | 'file' | 'directory' | 'other';
  readable: boolean;
  writable: boolean;
  directory: string;
  directoryWritable: boolean;
  /** bytes free for this user on the disk of the directory, when it can be asked */
  freeBytes: number | undefined;
}

/** Below this, an I/O error while writing is taken for a full disk. */
const NEARLY_FULL_BYTES = 256 * 1024;

const can = (path: string, mode: number) => {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
};

/** Looks at the data path with the real user's rights (access(2)), as SQLite will have. */
export function inspectDataPath(file: string): DataPathFacts {
  const path = resolve(file);
  const directory = dirname(path);
  let kind: DataPathFacts['kind'] = 'missing';
  try {
    const stat = statSync(path);
    kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch {
    // missing (or its directory is): kind stays 'missing'
  }
  let freeBytes: number | undefined;
  try {
    const fs = statfsSync(directory);
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    freeBytes = undefined;
  }
  return {
    kind,
    readable: kind !== 'missing' && can(path, constants.R_OK),
    writable: kind !== 'missing' && can(path, constants.W_OK),
    directory,
    directoryWritable: can(directory, constants.W_OK | constants.X_OK),
    freeBytes,
  };
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

const kib = (bytes: number) => `${Math.floor(bytes / 1024)} KB`;

function fullDisk(directory: string, freeBytes: number | undefined): string {
  const free = freeBytes === undefined ? '' : ` (${kib(freeBytes)} free)`;
  return `The disk that holds "${directory}" is full${free}: free some space, or point --data at another disk (or use --data :memory:).`;
}

/** A SQLite failure on the data file, told apart by what the file system says now. */
function dataFileSentence(error: SystemError, data: string, facts: DataPathFacts): string {
  const code = error.code ?? '';
  const newer = /newer antom-sandbox \(schema (\d+), this one knows (\d+)\)/.exec(error.message);
  if (newer) {
    return `The data file "${data}" was written by a newer antom-sandbox (schema ${newer[1]}; this one knows ${newer[2]}): upgrade antom-sandbox, or point --data at another file.`;
  }
  if (code === 'SQLITE_NOTADB') {
    return `The data file "${data}" is not an antom-sandbox database (SQLite: ${error.message}): point --data at a new file, or move this one aside to start afresh.`;
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return `The data file "${data}" is damaged (SQLite: ${error.message}): move it aside to start afresh (or keep a copy and try sqlite3's .recover on it), or point --data at another file.`;
  }
  if (code === 'SQLITE_FULL') return fullDisk(facts.directory, facts.freeBytes);
  if (facts.kind === 'directory') return `--data "${data}" is a directory, not a file: give a file path in it, e.g. --data ${data.replace(/\/+$/, '')}/sandbox.db.`;
  if (facts.kind === 'file' && !facts.readable) {
    return `The data file "${data}" is not readable by this user: give this user read and write access to it (chmod u+rw, or run as its owner), or point --data at another file.`;
  }
  if (facts.kind === 'file' && !facts.writable) {
    return `The data file "${data}" is read-only for this user, and the sandbox writes to it as it runs: make it writable (chmod u+w), or point --data at a copy in a writable directory.`;
  }
  if (!facts.directoryWritable) {
    return `The directory "${facts.directory}" is not writable by this user, and SQLite needs to create files there (the data file, and its -wal and -shm beside it): make the directory writable, or point --data into a writable one (or use --data :memory:).`;
  }
  if (code.startsWith('SQLITE_IOERR') && facts.freeBytes !== undefined && facts.freeBytes < NEARLY_FULL_BYTES) return fullDisk(facts.directory, facts.freeBytes);
  return `SQLite cannot use the data file "${data}" (${code || 'error'}: ${error.message}): check the file and its disk, or point --data at another file (or use --data :memory:).`;
}

/** A file-system call of start-up (creating the data directory, writing the TLS certificate). */
function fileSystemSentence(error: SystemError, facts: DataPathFacts): string | undefined {
  const path = error.path ?? facts.directory;
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      // a failed write(2) names no path: the disk is the data directory's
      return fullDisk(error.path ? dirname(resolve(error.path)) : facts.directory, facts.freeBytes);
    case 'EACCES':
    case 'EPERM':
      return `This user may not ${error.syscall === 'mkdir' ? 'create the directory' : 'write'} "${path}" (${error.code}): make "${dirname(path)}" writable for this user, or point --data at a writable place (or use --data :memory:).`;
    case 'EROFS':
      return `"${path}" is on a read-only file system: point --data at a writable disk (or use --data :memory:).`;
    case 'EEXIST':
    case 'ENOTDIR':
      return `"${path}" is in the way: a file stands where the data directory should be; point --data elsewhere, or move that file.`;
    default:
      return undefined;
  }
}

/** listen(2) and address lookup failures. */
function networkSentence(error: SystemError, settings: StartupSettings): string | undefined {
  const where = `${settings.host}:${settings.port}`;
  if (error.syscall === 'getaddrinfo') {
    return `The host name "${settings.host}" (--host) does not resolve (${error.code}): use an address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
  }
  if (error.syscall !== 'listen') return undefined;
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${settings.port} on ${settings.host} is already in use (another antom-sandbox?): stop whatever listens there, or choose another port with --port <n> (--port 0 takes any free one).`;
    case 'EACCES':
    case 'EPERM':
      return settings.port < 1024
        ? `This user may not listen on port ${settings.port}: ports below 1024 need root (or CAP_NET_BIND_SERVICE); choose --port 1024 or above (the default is 4180), or publish a low port from Docker (-p ${settings.port}:4180).`
        : `This user is not permitted to listen on ${where} (${error.code}): choose another --port or --host.`;
    case 'EADDRNOTAVAIL':
      return `${settings.host} (--host) is not an address of this machine: use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this machine's own addresses.`;
    default:
      return undefined;
  }
}

/**
 * The one sentence printed when start-up fails. `facts` looks at the data path (the real file
 * system by default; the tests' table gives it directly).
 */
export function startupFailureSentence(error: unknown, settings: StartupSettings, facts: (data: string) => DataPathFacts = inspectDataPath): string {
  // a setting's sentence was written where the setting is checked
  if (error instanceof ConfigError) return error.message;
  const e = (error instanceof Error ? error : new Error(String(error))) as SystemError;
  const onDataFile = settings.data !== ':memory:';
  if (onDataFile && (e.name === 'SqliteError' || /newer antom-sandbox \(schema/.test(e.message))) return dataFileSentence(e, settings.data, facts(settings.data));
  const network = networkSentence(e, settings);
  if (network) return network;
  if (e.syscall && e.code) {
    const sentence = fileSystemSentence(e, facts(onDataFile ? settings.data : e.path ?? '.'));
    if (sentence) return sentence;
  }
  const firstLine = e.message.split('\n')[0]!.replace(/\.$/, '');
  return `Failed to start (${e.name}: ${firstLine}); run again with --log-level debug to see where.`;
}

/** A file named by a flag that cannot be read. */
export function unreadableFileSentence(flag: string, file: string, error: unknown): string {
  const code = (error as SystemError).code;
  switch (code) {
    case 'ENOENT':
      return `--${flag}: there is no file "${file}"${file.startsWith('/') ? '' : ` in ${process.cwd()}`}: check the path.`;
    case 'EACCES':
    case 'EPERM':
      return `--${flag}: "${file}" is not readable by this user: give this user read access (chmod u+r), or copy it somewhere readable.`;
    case 'EISDIR':
      return `--${flag}: "${file}" is a directory: name the file in it.`;
    default:
      return `--${flag}: cannot read "${file}" (${code ?? (error as Error).message}): check the path and its permissions.`;
  }
}

/** A key file that holds no usable key. */
export function badKeyFileSentence(flag: string, file: string, expected: 'private' | 'public', error: unknown): string {
  const forms = expected === 'private' ? 'a PKCS#8 or PKCS#1' : 'an SPKI (or PKCS#1)';
  return `--${flag}: "${file}" is not an RSA ${expected} key (${(error as Error).message.replace(/\.$/, '')}): give a PEM file or the bare base64 of ${forms} key.`;
}

/** The sentences of --tls-cert and --tls-key. */
export const TLS_SENTENCES = {
  notCertificate: '--tls-cert: the file is not a PEM certificate ("-----BEGIN CERTIFICATE-----"): give the certificate file, or leave out --tls-cert and --tls-key for a self-signed one (--tls).',
  notKey: '--tls-key: the file is not a PEM private key: give the key file of the --tls-cert certificate ("-----BEGIN PRIVATE KEY-----").',
  mismatch:
    '--tls-key: this key does not belong to the --tls-cert certificate: give the key the certificate was made for (openssl x509 -pubkey -noout -in CERT and openssl pkey -pubout -in KEY print the same key).',
};
