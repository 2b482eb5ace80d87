/** The state API's data shapes, shared by the storage worker's StateService and the page. */
import type { ExportPiece, DataFormat } from './data_export';
import type { ImportReport } from './data_import';

export type { StatePreview, Change } from './plan';
export type { Settings } from './statefile';
export type { DataFormat } from './data_export';

/** DataExportRequest chooses an export: a format, an optional series selector and a time range in seconds. */
export interface DataExportRequest {
  format: DataFormat;
  /** match is one series selector such as `up{job="x"}` ('' or absent: every series). */
  match?: string;
  start?: number;
  end?: number;
}

/**
 * DataExportStep is one piece of a running export; done marks the end (its data is empty, its counts the totals, and
 * notes say what the format left out).
 */
export type DataExportStep = ExportPiece & { done: boolean; notes: string[] };

/** DataImportReport counts the samples a data import added and rejected. */
export type DataImportReport = ImportReport;

/** DashboardDataImport reports a dashboard-with-data import: the dashboard and the samples added. */
export type DashboardDataImport = Omit<ImportReport, 'kind' | 'warnings'> & { uid: string; title: string };
