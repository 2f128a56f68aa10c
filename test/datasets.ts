import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folder of the shared test datasets: $JAYU_DATASETS, or ../shared/datasets beside the repo. */
export function datasetsDir(): string {
  return process.env.JAYU_DATASETS ?? path.resolve(repoRoot, '..', 'shared', 'datasets');
}

/** Absolute path of a dataset file; throws a clear error when the datasets are absent. */
export function datasetPath(relative: string): string {
  const file = path.join(datasetsDir(), relative);
  if (!existsSync(file)) {
    throw new Error(
      `dataset ${relative} not found under ${datasetsDir()}: the shared datasets are absent ` +
        `(set JAYU_DATASETS to the folder that holds linkage/ and mse/)`,
    );
  }
  return file;
}
