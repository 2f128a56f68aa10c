/**
 * A lock file that keeps a second process out of an embedded (PGlite) data directory. PGlite
 * has no server to arbitrate between processes: two of them writing the same files corrupt the
 * database, so the second one must get a clear error instead.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE_NAME = 'jayu.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by another Jayu process (pid ${pid}); ` +
        `stop it first, or use a PostgreSQL server (DATABASE_URL) for concurrent access`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface LockContent {
  pid: number;
  host: string;
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host };
    }
  } catch {
    // Unreadable or half-written: treated as stale below.
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks held by this process, so that one process opening the same directory twice also fails. */
const heldByThisProcess = new Set<string>();

/**
 * Takes the lock on `dataDir` (which must exist). A lock left by a process that has died is
 * taken over; a live holder (this process included) makes it throw DataDirInUseError.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE_NAME);
  if (heldByThisProcess.has(file)) throw new DataDirInUseError(dir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      const sameHost = holder?.host === hostname();
      // Our own pid without an entry in heldByThisProcess is a leftover of an earlier process.
      const live = holder && holder.pid !== process.pid && processAlive(holder.pid);
      if (holder && (!sameHost || live)) {
        throw new DataDirInUseError(dir, holder.pid);
      }
      // Stale lock (its process is gone, or the file is unreadable): remove and retry.
      try {
        unlinkSync(file);
      } catch {
        // Another process removed it first; the retry settles who wins.
      }
      continue;
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
    closeSync(fd);
    heldByThisProcess.add(file);
    const onExit = () => release();
    process.once('exit', onExit);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      heldByThisProcess.delete(file);
      process.removeListener('exit', onExit);
      try {
        if (readLock(file)?.pid === process.pid) unlinkSync(file);
      } catch {
        // Already gone.
      }
    };
    return { file, release };
  }
  throw new Error(`could not take the lock file ${file}`);
}
