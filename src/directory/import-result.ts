import type { Queryable } from '../store/store.js';
import type { LinkSummary } from './address-links.store.js';
import type { AccessSummary, GroupSummary } from './group-records.js';
import type { ImportKind } from './import-kinds.js';
import type { ImportProblem } from './row-stager.js';
import type { DateOrder } from './value-parsers.js';

/** Where an import reports as it goes: the CLI writes these to CSV files. */
export interface ImportSink {
  problem(problem: ImportProblem): void;
  /** A rejected input row, as it was in the file, with why. */
  rejectedRow(headers: readonly string[], cells: readonly string[], reason: string): void;
}

export interface ImportOptions {
  kind: ImportKind | 'auto';
  /** The file's name, for messages. */
  file: string;
  skipInvalid: boolean;
  replace: boolean;
  dateOrder: DateOrder;
  /** Files from this size up are checked in a worker thread; unset, the built-in size. */
  parallelFromBytes?: number;
  onProgress?: (progress: { rows: number; bytesRead: number; size: number }) => void;
  /**
   * Runs inside the import's transaction once the rows are merged, while the staged rows are
   * still there (the wave results of a migration-status file are recorded this way).
   */
  afterMerge?: (db: Queryable, result: ImportResult) => Promise<void>;
  /**
   * The web's check before importing: the whole import runs, counts and all, in its transaction,
   * which is then rolled back, so the check counts exactly what the import will do and stores nothing.
   */
  dryRun?: boolean;
  /** The mailbox export's column read as the employee number when it has no `EmployeeID` (setting `employee-number-attribute`). */
  employeeNumberColumn?: string;
  /** The `organisation-domains` setting: a staff-list address elsewhere is personal. Empty: the user mailboxes' domains. */
  organisationDomains?: readonly string[];
  /** Who imports, for the audit log (`--by` or `cli` from the command line, the signed-in person from the web). */
  by?: string;
}

export interface ImportResult {
  kind: ImportKind;
  committed: boolean;
  rowsRead: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  rejected: number;
  skipped: number;
  errors: number;
  warnings: number;
  errorsByReason: Record<string, number>;
  /** The first problems, for showing on screen; the sink has them all. */
  firstProblems: ImportProblem[];
  notices: string[];
  /**
   * For kinds that can pair a local address with an NHSmail one (NHSmail accounts, migration
   * statuses, address maps): how many kept rows carried both. Undefined for other kinds.
   */
  addressPairs?: number;
  /** The row the column names were found on. */
  headerRow: number;
  /** Staff lists: further assignments of a person, merged into the person's primary (or first) row. */
  mergedRows: number;
  /** Staff lists: staff with no email address, kept and counted but never emailed. */
  staffWithoutAddress: number;
  /** Whether the rows were read and checked in a worker thread (large files, built code). */
  checkedInWorker: boolean;
  /** After imports that can pair addresses: how many NHSmail accounts belong to a known person. */
  links?: LinkSummary;
  /** Groups the file listed (a mailbox export) or named (a membership export). */
  groups?: GroupSummary;
  /** The rights a permissions file grants, by kind, and how many are held by groups. */
  access?: AccessSummary;
}
