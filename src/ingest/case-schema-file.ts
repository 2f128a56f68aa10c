/**
 * The published JSON Schema of the case format, schema/case.schema.json. Regenerate it after a
 * change to case-schema.ts with `npx tsx src/ingest/case-schema-file.ts`; a test fails while the
 * file and the zod schema disagree.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { caseJsonSchema } from './case-schema';

export const CASE_SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schema/case.schema.json',
);

/** The file's text, formatted as the repository formats JSON. */
export async function caseSchemaText(): Promise<string> {
  const config = await resolveConfig(CASE_SCHEMA_FILE);
  return format(JSON.stringify(caseJsonSchema()), { ...config, filepath: CASE_SCHEMA_FILE });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(CASE_SCHEMA_FILE, await caseSchemaText());
  process.stdout.write(`wrote ${CASE_SCHEMA_FILE}\n`);
}
