/**
 * Scoring a clustering against the truth: pairwise precision, recall and F1 (over all pairs of
 * records put together), B-cubed precision and recall (per record, then averaged), and how many
 * true entities came out exactly. Records the truth does not name count as entities of their own.
 */

export interface EvaluationReport {
  records: number;
  clusters: number;
  entities: number;
  pairwise: {
    truePositives: number;
    predicted: number;
    actual: number;
    precision: number;
    recall: number;
    f1: number;
  };
  bcubed: { precision: number; recall: number; f1: number };
  /** True entities whose records form exactly one predicted cluster, and their share. */
  exactClusters: number;
  exactClusterShare: number;
  /** Records the truth file did not name. */
  unlabelled: number;
}

const choose2 = (k: number) => (k * (k - 1)) / 2;

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * @param clusterOf predicted cluster of each record
 * @param entityOf true entity of each record (-1: unknown to the truth)
 */
export function evaluateClusters(clusterOf: Int32Array, entityOf: Int32Array): EvaluationReport {
  const n = clusterOf.length;
  // Unlabelled records become singleton entities with fresh ids.
  let maxEntity = -1;
  for (let i = 0; i < n; i++) maxEntity = Math.max(maxEntity, entityOf[i]);
  const entity = new Int32Array(n);
  let unlabelled = 0;
  for (let i = 0; i < n; i++) {
    if (entityOf[i] >= 0) entity[i] = entityOf[i];
    else {
      entity[i] = ++maxEntity;
      unlabelled++;
    }
  }
  const clusterSize = new Map<number, number>();
  const entitySize = new Map<number, number>();
  const cell = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    clusterSize.set(clusterOf[i], (clusterSize.get(clusterOf[i]) ?? 0) + 1);
    entitySize.set(entity[i], (entitySize.get(entity[i]) ?? 0) + 1);
    const key = clusterOf[i] * 4294967296 + entity[i];
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  let tp = 0;
  for (const k of cell.values()) tp += choose2(k);
  let predicted = 0;
  for (const k of clusterSize.values()) predicted += choose2(k);
  let actual = 0;
  for (const k of entitySize.values()) actual += choose2(k);
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = actual === 0 ? 1 : tp / actual;

  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const together = cell.get(clusterOf[i] * 4294967296 + entity[i]) as number;
    bp += together / (clusterSize.get(clusterOf[i]) as number);
    br += together / (entitySize.get(entity[i]) as number);
  }
  bp /= Math.max(n, 1);
  br /= Math.max(n, 1);

  // An entity is reproduced exactly when its cell is its whole entity and its whole cluster.
  let exact = 0;
  for (const [key, k] of cell) {
    const c = Math.floor(key / 4294967296);
    const e = key % 4294967296;
    if (k === clusterSize.get(c) && k === entitySize.get(e)) exact++;
  }
  return {
    records: n,
    clusters: clusterSize.size,
    entities: entitySize.size,
    pairwise: {
      truePositives: tp,
      predicted,
      actual,
      precision,
      recall,
      f1: f1(precision, recall),
    },
    bcubed: { precision: bp, recall: br, f1: f1(bp, br) },
    exactClusters: exact,
    exactClusterShare: entitySize.size === 0 ? 1 : exact / entitySize.size,
    unlabelled,
  };
}
