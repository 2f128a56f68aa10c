/**
 * The import worker (see import-worker.ts): reads, validates, seals and encodes the rows of the
 * inputs it is given, asking the importing thread about each source and handing it the batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FieldSealer } from '../protect/sealer';
import {
  BATCHES_AHEAD,
  serializeError,
  type ToMain,
  type ToWorker,
  type WorkerSetup,
} from './import-worker';
import { producePersonRows, type SourceClaim } from './person-producer';
import { gazetteerLookup } from './places';
import { tabularFromSpec } from './tabular';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (msg: ToMain, transfer?: ArrayBuffer[]) => port.postMessage(msg, transfer);

const claims = new Map<string, (claim: SourceClaim) => void>();
let unacked = 0;
let ackWaiter: (() => void) | undefined;
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'claimed') {
    const resolve = claims.get(msg.source);
    claims.delete(msg.source);
    resolve?.({ foreign: msg.foreign, existing: msg.existing ? new Set(msg.existing) : null });
  } else {
    unacked--;
    const waiter = ackWaiter;
    ackWaiter = undefined;
    waiter?.();
  }
});

try {
  const result = await producePersonRows(
    setup.inputs.map((i) => tabularFromSpec(i.file, i.spec)),
    new FieldSealer(setup.keys),
    {
      source: setup.source,
      skipInvalid: setup.skipInvalid,
      lookupPlace: gazetteerLookup,
      batchRows: setup.batchRows,
      collectSealedKeys: setup.collectSealedKeys,
    },
    {
      claimSource: (source) =>
        new Promise<SourceClaim>((resolve) => {
          claims.set(source, resolve);
          send({ type: 'claim', source });
        }),
      batch: async (batch) => {
        while (unacked >= BATCHES_AHEAD) await new Promise<void>((r) => (ackWaiter = r));
        unacked++;
        const buffers = [...new Set(batch.chunks.map((c) => c.buffer as ArrayBuffer))];
        send({ type: 'batch', batch }, buffers);
      },
      progress: (progress) => send({ type: 'progress', progress }),
    },
  );
  // The last batches are acknowledged before the result: the main thread has them all by then.
  while (unacked > 0) await new Promise<void>((r) => (ackWaiter = r));
  send({ type: 'done', result });
} catch (err) {
  send({ type: 'failed', error: serializeError(err) });
}
port.close();
