/**
 * The CPU-bound half of a person-list import (person-producer.ts: read, validate, seal, encode)
 * on a worker thread, so that the importing thread only loads rows into the store: with PGlite
 * the database itself runs on that thread, with PostgreSQL the server works in its own process.
 *
 * The worker seals with a FieldSealer built from the organisation's keys (protect's BulkSealing);
 * every vault it seals is reported back and recorded by the sealer the import was given, as that
 * sealer's own seal() would have recorded it (the audit log's record.write entries).
 *
 * Protocol (worker -> main): claim (a source first seen; main answers with `claimed`), batch
 * (rows; main answers with `ack` once the batch is being loaded), progress, done, failed.
 */
import { Worker } from 'node:worker_threads';
import type { BulkSealing, OrganisationKeys } from '../protect/sealer';
import { VAULT_FIELD } from '../store/vault';
import { InvalidInputError, MalformedFileError, type InputIssue } from './issues';
import type {
  ImportProgress,
  PersonBatch,
  ProducerHooks,
  ProducerResult,
  SourceClaim,
} from './person-producer';
import type { TabularInput, TabularSpec } from './tabular';

/** Batches the worker may send before the main thread has taken the first of them. */
export const BATCHES_AHEAD = 2;

export interface WorkerSetup {
  inputs: Array<{ file: string; spec: TabularSpec }>;
  keys: OrganisationKeys;
  collectSealedKeys: boolean;
  source?: string;
  skipInvalid?: boolean;
  batchRows: number;
}

export type ToMain =
  | { type: 'claim'; source: string }
  | { type: 'batch'; batch: PersonBatch }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ProducerResult }
  | { type: 'failed'; error: SerializedError };

export type ToWorker =
  | { type: 'claimed'; source: string; foreign: boolean; existing: string[] | null }
  | { type: 'ack' };

export interface SerializedError {
  name: string;
  message: string;
  issues?: InputIssue[];
  issue?: InputIssue;
  code?: string;
  path?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof InvalidInputError) {
    return { name: err.name, message: err.message, issues: err.issues };
  }
  if (err instanceof MalformedFileError) {
    return { name: err.name, message: err.message, issue: err.issue };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const errno = e as NodeJS.ErrnoException;
  return { name: e.name, message: e.message, code: errno.code, path: errno.path };
}

/** The error as the importing thread would have thrown it itself. */
export function deserializeError(s: SerializedError): Error {
  if (s.name === 'InvalidInputError' && s.issues) return new InvalidInputError(s.issues);
  if (s.name === 'MalformedFileError' && s.issue) return new MalformedFileError(s.issue);
  const err = new Error(s.message) as NodeJS.ErrnoException;
  err.name = s.name;
  if (s.code) err.code = s.code;
  if (s.path) err.path = s.path;
  return err;
}

/** Whether every input can be read again by a worker thread. */
export function workerCanRead(
  inputs: readonly TabularInput[],
): inputs is Array<TabularInput & { spec: TabularSpec }> {
  return inputs.every((i) => i.spec !== undefined);
}

/**
 * Runs the producer on a worker thread; `hooks` (on this thread) answer its claims and load its
 * batches. Resolves with the producer's result; rejects with its error, or the hooks'.
 */
export function produceInWorker(
  inputs: ReadonlyArray<TabularInput & { spec: TabularSpec }>,
  bulk: BulkSealing,
  options: { source?: string; skipInvalid?: boolean; batchRows: number },
  hooks: ProducerHooks,
): Promise<ProducerResult> {
  const setup: WorkerSetup = {
    inputs: inputs.map((i) => ({ file: i.file, spec: i.spec })),
    keys: bulk.keys,
    collectSealedKeys: bulk.recordsWrites,
    source: options.source,
    skipInvalid: options.skipInvalid,
    batchRows: options.batchRows,
  };
  const worker = new Worker(new URL('./import-worker-entry.mjs', import.meta.url), {
    workerData: setup,
  });
  return new Promise<ProducerResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, result?: ProducerResult) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve(result!);
    };
    // Messages are handled one at a time, in order: a batch is loaded before the next is looked at.
    let queue: Promise<unknown> = Promise.resolve();
    const handle = async (msg: ToMain) => {
      if (settled) return;
      switch (msg.type) {
        case 'claim': {
          const claim: SourceClaim = await hooks.claimSource(msg.source);
          const reply: ToWorker = {
            type: 'claimed',
            source: msg.source,
            foreign: claim.foreign,
            existing: claim.existing ? [...claim.existing] : null,
          };
          worker.postMessage(reply);
          return;
        }
        case 'batch': {
          const batch = msg.batch;
          // Views of the transferred buffers arrive as plain Uint8Arrays.
          batch.chunks = batch.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
          if (batch.sealedKeys) {
            for (const key of batch.sealedKeys) bulk.sealed('persons', key, VAULT_FIELD);
          }
          await hooks.batch(batch);
          worker.postMessage({ type: 'ack' } satisfies ToWorker);
          return;
        }
        case 'progress':
          hooks.progress?.(msg.progress);
          return;
        case 'done':
          finish(undefined, msg.result);
          return;
        case 'failed':
          finish(deserializeError(msg.error));
          return;
      }
    };
    // Everything goes through the queue, in order: the worker's last message (done, failed) may
    // arrive while a batch is still loading, and its exit must not be taken for a crash before that
    // message is handled; nor may the import end while a batch handler is between two COPYs.
    const enqueue = (step: () => unknown) => {
      queue = queue.then(step).catch((err: unknown) => finish(err as Error));
    };
    worker.on('message', (msg: ToMain) => enqueue(() => handle(msg)));
    worker.once('error', (err) => enqueue(() => finish(err)));
    worker.once('exit', (code) =>
      enqueue(() => {
        if (!settled) finish(new Error(`the import worker stopped with code ${code}`));
      }),
    );
  });
}
