// `ndjson`: one typed record a line (src/model/export.ts), document by document: streams any
// collection in constant memory, and `jq`, pandas (`read_json(lines=True)`) and DuckDB read it.
import type { Exporter } from '../exporter.js';

export const ndjsonExporter: Exporter = {
  name: 'ndjson',
  description:
    'one typed record a line (actor, document, sentence, entity, mention, time, quantity, event, relation…), ' +
    'streamable for any size',
  mediaType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  scoped: true,
  async *write(context) {
    let batch = '';
    for await (const record of context.records()) {
      batch += `${JSON.stringify(record)}\n`;
      // Fewer, larger chunks: a write per record costs more than the JSON.
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  },
};
