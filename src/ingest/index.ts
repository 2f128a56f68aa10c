/** Import and export: person-list CSV/XLSX and full-case JSON, atomic and validated. */
export {
  importFiles,
  formatOfFile,
  UnknownFormatError,
  type ImportFormat,
  type ImportFilesOptions,
  type ImportFilesReport,
} from './import-files';
export {
  importPersonLists,
  importPersonListsIn,
  type ImportReport,
  type ImportProgress,
  type PersonListImportOptions,
  type UnknownPlace,
} from './import-persons';
export {
  importCases,
  importCasesIn,
  type CaseImportOptions,
  type CaseImportReport,
} from './import-cases';
export {
  exportPersonListCsv,
  exportPersonListXlsx,
  personListRows,
  type PersonExportOptions,
} from './export-persons';
export { exportCases, exportCasesJsonl, type CaseExportOptions } from './export-cases';
export { caseSchema, caseJsonSchema } from './case-schema';
export { readCaseFile, caseTextInput, type CaseInput } from './case-files';
export { readCsvFile, readXlsxFile, csvTextInput, type TabularInput } from './tabular';
export { InvalidInputError, MalformedFileError, formatIssue, type InputIssue } from './issues';
export { gazetteerLookup, type PlaceLookup } from './places';
export { mayOpen, mayOpenCase, type ExportCount } from './withheld';
