/**
 * What a linkage run writes: clusters.csv (exactly source,record_id,cluster_id, one row per input
 * record, in input order), pairs.csv (scored pairs kept) and the review queue. Only record ids,
 * probabilities and level names leave the run: never a name or a date.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvLine } from '../ingest/csv';
import { probabilityFromWeight } from './model';
import type { LinkageResult, ReviewItem } from './run';

/** Writes lines through a stream, waiting when its buffer is full. */
class LineSink {
  private readonly stream: WriteStream;
  /** Lines gathered into writes of about a megabyte (a stream write per line is slow). */
  private pending: string[] = [];
  private pendingLength = 0;
  constructor(file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
  }
  async write(line: string): Promise<void> {
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export const CLUSTER_COLUMNS = ['source', 'record_id', 'cluster_id'] as const;
export const PAIR_COLUMNS = [
  'source_l',
  'record_id_l',
  'source_r',
  'record_id_r',
  'probability',
  'match_weight',
] as const;

/** Cluster ids are numbers from 1, in order of each cluster's first record. */
export function clusterId(result: LinkageResult, record: number): string {
  return String(result.clustering.clusterOf[record] + 1);
}

export async function writeClusters(result: LinkageResult, file: string): Promise<void> {
  const { table } = result;
  const sink = new LineSink(file);
  await sink.write(csvLine([...CLUSTER_COLUMNS]));
  for (let i = 0; i < table.size; i++) {
    await sink.write(
      csvLine([table.sources[table.sourceOf[i]], table.recordIds[i], clusterId(result, i)]),
    );
  }
  await sink.close();
}

function ref(result: LinkageResult, record: number): [string, string] {
  const { table } = result;
  return [table.sources[table.sourceOf[record]], table.recordIds[record]];
}

export function formatProbability(p: number): string {
  return p >= 0.999999 ? p.toFixed(9) : p.toPrecision(6);
}

export async function writePairs(result: LinkageResult, file: string): Promise<void> {
  const sink = new LineSink(file);
  await sink.write(csvLine([...PAIR_COLUMNS]));
  const { pairs } = result;
  for (let p = 0; p < pairs.count; p++) {
    const w = pairs.weight[p];
    await sink.write(
      csvLine([
        ...ref(result, pairs.left[p]),
        ...ref(result, pairs.right[p]),
        formatProbability(probabilityFromWeight(w)),
        w.toFixed(3),
      ]),
    );
  }
  await sink.close();
}

export const REVIEW_COLUMNS = [...PAIR_COLUMNS, 'reason', 'decided', 'explanation'] as const;

/** The review queue, each pair with its weight taken apart by field (levels and bits only). */
export async function writeReview(
  result: LinkageResult,
  items: readonly ReviewItem[],
  file: string,
): Promise<void> {
  const sink = new LineSink(file);
  await sink.write(csvLine([...REVIEW_COLUMNS]));
  for (const item of items) {
    const explanation = result.model
      .explain(item.left, item.right)
      .fields.filter((f) => f.level !== 'missing')
      .map((f) => {
        const bits = f.log2BayesFactor + f.tfAdjustment;
        return `${f.comparison}=${f.level}(${bits >= 0 ? '+' : ''}${bits.toFixed(1)})`;
      })
      .join('; ');
    await sink.write(
      csvLine([
        ...ref(result, item.left),
        ...ref(result, item.right),
        formatProbability(item.probability),
        item.weight.toFixed(3),
        item.reason,
        item.decided ?? '',
        explanation,
      ]),
    );
  }
  await sink.close();
}
