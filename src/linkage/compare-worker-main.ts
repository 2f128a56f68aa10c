/**
 * A comparison worker: builds its comparators from the snapshot as soon as it starts, then
 * fills the range of patterns it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeComparator } from './comparisons';
import { Features } from './features';
import { fillPatterns, type WorkerRange, type WorkerSetup } from './parallel';

const setup = workerData as WorkerSetup;
const features = Features.fromSnapshot(setup.snapshot);
const comparators = setup.specs.map((spec) => makeComparator(spec, features));
parentPort?.once('message', (range: WorkerRange) => {
  fillPatterns(
    comparators,
    setup.strides,
    range.left,
    range.right,
    range.patterns,
    range.start,
    range.end,
  );
  parentPort?.postMessage('done');
});
