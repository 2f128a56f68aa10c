/** A comparison worker: builds comparators from the snapshot and fills its range of patterns. */
import { parentPort, workerData } from 'node:worker_threads';
import { makeComparator } from './comparisons';
import { Features } from './features';
import { fillPatterns, type CompareTask } from './parallel';

const task = workerData as CompareTask;
const features = Features.fromSnapshot(task.snapshot);
const comparators = task.specs.map((spec) => makeComparator(spec, features));
fillPatterns(comparators, task.strides, task.left, task.right, task.patterns, task.start, task.end);
parentPort?.postMessage('done');
