// The name of each schema migration, the same in both backends (stored in schema_migrations:
// a name never changes once released). schema-migrations.ts declares each migration with its SQL.

export const migrationNames: Record<number, string> = {
  1: 'documents, extraction items, entities, sentence full-text index',
  2: 'index actors by latest document',
  3: 'users, sessions, API tokens, audit trail, fact origin, entity edits and merges',
  4: 'store revision: a counter every write transaction bumps, for caches and ETags',
  5: 'idempotence by content hash over every version; latest-version pointer filled and kept to the actor',
  6:
    'sentence count kept on the document row (the actor list reads it instead of counting); edited ' +
    'entities found by index (every save reads them)',
  7: 'document kinds (profile or source) on documents and series, publication date and publisher of a document',
  8:
    'how a time without a year was completed; the subjects a source concerns (linking it to ' +
    'profiles); mentions found by country',
  9: 'the time a relation or event holds (valid, current) and mentions found by coreference (via)',
  10:
    'the rule of exact country names: country mentions whose words are exactly the name or an alias ' +
    'of their entity, unreviewed, are confirmed by rule:exact-country',
  11: "relations by subject and by object: an entity's relations read from its own index (related entities)",
  12:
    'the time bounds of events (valid or date) and times as ISO dates (earliest, latest), indexed: ' +
    'the timeline read by date range',
  13:
    'documents by kind and focus: the focus countries of the collection read from an index ' +
    '(compare, the home page), not from every document',
  14:
    'relations by claim and events by place: the checks of one actor read the documents sharing its claims ' +
    'and its events from indexes, not the whole collection',
  15:
    'the timeline years from indexes: times and events by document with their status and bounds, sentences by ' +
    'span with their end, so counting the items of each year reads no row',
  16:
    'compact storage: a sentence keeps its span, its text is read as a slice of its document (a view); mentions, ' +
    "a document's entities, times and events keyed by their primary key alone (SQLite: WITHOUT ROWID)",
  17:
    'the sentence full-text index with an index of 3-character prefixes (SQLite; PostgreSQL answers prefixes ' +
    'from its GIN index already)',
  18:
    "compact storage: a rule's review decision stored as the rule's code without time (its time is its document's " +
    "ingest time), a document's layout as lists of numbers (a heading or title that is the text's slice left out)",
  19: "actors by country: a country's profiles (one node of the network) read from an index, not every actor",
  20:
    'the check findings of the whole collection kept as last computed, in their order, with their counts: ' +
    'the first /api/checks after a start reads a page of them instead of checking every document',
  21:
    "compact storage: a mention's words stored only where they are not its document's text at its span (read as " +
    'that slice); the sentence full-text index without the sizes no ranking reads (SQLite)',
  24:
    "the timeline's items per year kept as counts at every write (triggers mark the changed documents), and " +
    'the sources of a kind newest first from an index',
  22:
    "the network's figures maintained per latest document (each node's mentions, weight and themes, each edge's " +
    'weight) and summed per node and edge: the top-N and ego networks read them from indexes',
  23:
    'the review queue by confidence: the number of facts of each document, kind, status, reviewer and confidence ' +
    'kept in an index, so a page of the queue and its total read a range of it instead of every fact',
  25:
    'the collection counts (actors, versions, sentences) kept in one row by triggers on actors and documents: a ' +
    'start and /healthz read them instead of counting every row; the entity list ordered by an index (name, id)',
  26:
    'compact storage: times by document and status no longer indexed (read by their key), mentions by country ' +
    'indexed only where the country is not their entity; SQLite: the small keyed tables (network figures, the ' +
    "timeline's parts, interests, quantities) stored in their primary key alone (WITHOUT ROWID)",
  27:
    "an event's parties as a set stored with it (when it has a place and a date) and indexed with its place and " +
    'type: the checks of one profile seek the events that can conflict with its own instead of every event there',
  28:
    "each edge of the network keeps how many actors give it and its first actors in the graph's order, and the " +
    'numbers of nodes and edges are kept by triggers: the top-N and ego networks read them instead of every ' +
    'document giving an edge',
  29:
    'when each relation claim holds (its days and tense, from its time and its document date) stored with it and ' +
    'indexed after its words: the checks of one profile seek the opposite claims whose times overlap its own',
  30:
    "which times are the timeline's statements (in a sentence without an event) kept on each time at every write " +
    'and indexed in date order: the first page of the timeline reads its statements from that index',
  31:
    "the network's mention edges indexed by strength for each actor node other than a source's: an ego view reads " +
    'the strongest edges among its nodes from that index instead of probing every pair of its nodes',
  32:
    'the sources indexed by id (a partial index of the actors of kind source): a page of GET /api/sources reads ' +
    'them from that index instead of walking every profile whose id sorts before theirs',
  33:
    "the entities' names, ids and aliases indexed by trigrams (FTS5 in SQLite, pg_trgm in PostgreSQL where it can be " +
    'created): a search of the entities by a word of three characters or more reads the entities holding it',
};
