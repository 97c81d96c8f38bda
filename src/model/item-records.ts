// The model part of each item kind in the exports: the record it leaves Dossier as (its type, its
// plural table name, its schema made of the shared item columns and its own, its columns in the
// csv/xlsx tables) and how an item of the extraction — and the payload of a rejected fact — becomes
// that record. Each is the `record` of the kind's declaration (item-kinds/); the export records, the
// json/ndjson/csv/xlsx formats and the JSON Schema of the exports follow this list.
import { itemKinds, recordOrder, type ItemKindOf } from './item-kinds/index.js';

export {
  documentKeyShape,
  reviewedKeyShape,
  type AnyItemRecordKind,
  type ItemRecordKind,
  type RecordColumn,
  type RecordContext,
} from './item-kinds/declaration.js';

/**
 * The item kinds in the exports, in the order a document's records are emitted and the tables are
 * listed (a source's subjects first; the document's new entities come right before its mentions).
 */
export const itemRecordKinds: ReadonlyArray<ItemKindOf['record']> = recordOrder(itemKinds).map((kind) => kind.record);
