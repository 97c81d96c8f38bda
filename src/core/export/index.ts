// Exports: the registry of formats, the typed records they are made of, and the JSON Schema of `json`.
export {
  exporters,
  exporterNamed,
  exportFormatNames,
  exportRegistry,
  ExportRegistry,
  startExport,
} from './registry.js';
export { exportFileName, type Exporter, type ExportContext } from './exporter.js';
export { exportRecords } from './export-records.js';
export { jsonExportSchema } from './formats/json.js';
