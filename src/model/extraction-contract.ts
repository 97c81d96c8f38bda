// The schema of the extraction contract (extraction.md §3; `dossier extract --format json`, the API's
// actor detail, OpenAPI): the document's own fields and the released kinds' (extraction.ts), then the
// field of every item kind declared beyond them (item-kinds/): the list of its items, or the one item
// or null, optional when only some documents have it. Its TypeScript type stays `Extraction`: a later
// kind's items are read through its declaration (`items`).
import { z } from 'zod';
import { ExtractionFieldsSchema } from './extraction.js';
import { itemKinds, type AnyItemKindDeclaration } from './item-kinds/index.js';

/** The schema of one declared kind's field in the extraction. */
const fieldSchemaOf = (kind: AnyItemKindDeclaration): z.ZodType => {
  const field = kind.single ? kind.item.nullable() : z.array(kind.item);
  return kind.documents ? field.optional() : field;
};

/** The extraction's schema with the fields of `kinds` that the released fields do not have. */
export const extractionSchemaOf = (kinds: readonly AnyItemKindDeclaration[]): typeof ExtractionFieldsSchema =>
  ExtractionFieldsSchema.extend(
    Object.fromEntries(
      kinds
        .filter((kind) => !(kind.field in ExtractionFieldsSchema.shape))
        .map((kind) => [kind.field, fieldSchemaOf(kind)]),
    ),
  ) as unknown as typeof ExtractionFieldsSchema;

export const ExtractionSchema = extractionSchemaOf(itemKinds).meta({ id: 'Extraction' });
