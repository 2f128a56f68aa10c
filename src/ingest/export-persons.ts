/**
 * Export of stored persons as a person list (the same columns an import reads), for one
 * organisation's sources: opening each vault needs that organisation's sealer.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { PERSON_LIST_COLUMNS, type PersonListColumn } from '../model/types';
import type { RecordSealer } from '../protect/contracts';
import type { Db } from '../store/db';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../store/vault';
import { csvLine } from './csv';
import { OTHER_NAMES_SEPARATOR } from './person-list';
import { mayOpen, type ExportCount } from './withheld';

interface PersonExportRow {
  source_id: string;
  record_id: string;
  sex: string;
  birth_year: number | null;
  home_province_id: string | null;
  home_province_text: string | null;
  home_county_id: string | null;
  home_county_text: string | null;
  crossing_place_id: string | null;
  crossing_place_text: string | null;
  china_place_id: string | null;
  china_place_text: string | null;
  event_year: number | null;
  repatriated: boolean | null;
  vault: Uint8Array | null;
}

export interface PersonExportOptions {
  /** Only these sources (default: every source of the sealer's organisation). */
  sources?: string[];
  pageRows?: number;
}

const PAGE_SQL = `
  SELECT p.source_id, p.record_id, p.sex, p.birth_year, p.home_province_id, p.home_province_text,
         p.home_county_id, p.home_county_text, p.crossing_place_id, p.crossing_place_text,
         p.china_place_id, p.china_place_text, p.event_year, p.repatriated, p.vault
    FROM persons p JOIN sources s ON s.id = p.source_id
   WHERE s.organisation_id = $1
     AND ($2::text[] IS NULL OR p.source_id = ANY($2::text[]))
     AND (p.source_id, p.record_id) > ($3, $4)
   ORDER BY p.source_id, p.record_id
   LIMIT $5`;

async function* pages(
  db: Db,
  sealer: RecordSealer,
  options: PersonExportOptions,
  withheld: { count: number },
): AsyncGenerator<{ row: PersonExportRow; vault: PersonVault }[]> {
  const limit = options.pageRows ?? 10_000;
  let after: [string, string] = ['', ''];
  for (;;) {
    const { rows } = await db.query<PersonExportRow>(PAGE_SQL, [
      sealer.organisationId,
      options.sources ?? null,
      after[0],
      after[1],
      limit,
    ]);
    if (rows.length === 0) return;
    const page: { row: PersonExportRow; vault: PersonVault }[] = [];
    for (const row of rows) {
      const key = vaultRecordKey.person(row.source_id, row.record_id);
      if (!mayOpen(sealer, 'persons', key)) {
        withheld.count++;
        continue;
      }
      const vault = row.vault
        ? (JSON.parse(sealer.open('persons', key, VAULT_FIELD, row.vault)) as PersonVault)
        : {};
      page.push({ row, vault });
    }
    yield page;
    const last = rows[rows.length - 1];
    after = [last.source_id, last.record_id];
    if (rows.length < limit) return;
  }
}

function listRow(row: PersonExportRow, vault: PersonVault, extraColumns: string[]): string[] {
  // The name as it was written (a derived id has no text): what was imported is what comes out.
  const place = (_id: string | null, text: string | null) => text ?? '';
  const values: Record<PersonListColumn, string> = {
    record_id: row.record_id,
    source: row.source_id,
    family_name: vault.familyName ?? '',
    given_name: vault.givenName ?? '',
    other_names: (vault.otherNames ?? []).join(`${OTHER_NAMES_SEPARATOR} `),
    sex: row.sex,
    birth_year: row.birth_year === null ? '' : String(row.birth_year),
    birth_date: vault.birthDate ?? '',
    id_number: vault.idNumber ?? '',
    address: vault.address ?? '',
    home_province: place(row.home_province_id, row.home_province_text),
    home_county: place(row.home_county_id, row.home_county_text),
    crossing_place: place(row.crossing_place_id, row.crossing_place_text),
    place_in_china: place(row.china_place_id, row.china_place_text),
    event_year: row.event_year === null ? '' : String(row.event_year),
    repatriated: row.repatriated === null ? '' : row.repatriated ? 'yes' : 'no',
    notes: vault.notes ?? '',
  };
  return [
    ...PERSON_LIST_COLUMNS.map((c) => values[c]),
    ...extraColumns.map((c) => vault.extra?.[c] ?? ''),
  ];
}

/**
 * The person list as a header and rows of text. Extra columns an import kept are exported as
 * columns again; finding their names takes one pass over the vaults before the rows.
 */
export async function personListRows(
  db: Db,
  sealer: RecordSealer,
  options: PersonExportOptions = {},
): Promise<{ header: string[]; rows: AsyncGenerator<string[][]>; withheld: { count: number } }> {
  const extra = new Set<string>();
  for await (const page of pages(db, sealer, options, { count: 0 })) {
    for (const { vault } of page) for (const k of Object.keys(vault.extra ?? {})) extra.add(k);
  }
  const extraColumns = [...extra].sort();
  const withheld = { count: 0 };
  async function* rows(): AsyncGenerator<string[][]> {
    for await (const page of pages(db, sealer, options, withheld)) {
      yield page.map(({ row, vault }) => listRow(row, vault, extraColumns));
    }
  }
  return { header: [...PERSON_LIST_COLUMNS, ...extraColumns], rows: rows(), withheld };
}

/** Writes the person list as UTF-8 CSV. */
export async function exportPersonListCsv(
  db: Db,
  sealer: RecordSealer,
  out: string,
  options: PersonExportOptions = {},
): Promise<ExportCount> {
  const { header, rows, withheld } = await personListRows(db, sealer, options);
  const stream = createWriteStream(out, { mode: 0o600 });
  let count = 0;
  try {
    stream.write(csvLine(header));
    for await (const page of rows) {
      const text = page.map(csvLine).join('');
      count += page.length;
      if (!stream.write(text)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return { exported: count, withheld: withheld.count };
}

/** Writes the person list as an XLSX workbook with one sheet. */
export async function exportPersonListXlsx(
  db: Db,
  sealer: RecordSealer,
  out: string,
  options: PersonExportOptions = {},
): Promise<ExportCount> {
  const { header, rows, withheld } = await personListRows(db, sealer, options);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: out,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('persons');
  sheet.addRow(header).commit();
  let count = 0;
  for await (const page of rows) {
    for (const row of page) {
      sheet.addRow(row).commit();
      count++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return { exported: count, withheld: withheld.count };
}
