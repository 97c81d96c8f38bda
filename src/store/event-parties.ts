// An event's parties as a set (migration 27): the key the checks compare events by ("the same meeting, in the
// same place, between the same parties, on dates that do not overlap"). It is stored with each event that has a
// place, a date and two parties or more, and indexed with its place and type (events_by_parties), so that the
// checks of one profile seek the events that can conflict with its own instead of scanning every event of a
// place and type (31,744 rows for a delegation to Kabul at 45k documents: 1-4 s a profile). The same migration
// adds the polarity to relations_by_claim: the checks' opposite claims are told apart in the index, not by reading
// every row of a claim (20k rows of "Kazakhstan supplies Afghanistan" at 45k documents).

/** The distinct parties in code-unit order, joined with commas (entity ids hold none). */
const partySetOf = (actors: readonly string[]): string => [...new Set(actors)].sort().join(',');

/** The stored key of an event: its party set when it has a place, a date and two parties or more; else null. */
export function eventPartyKey(event: { actors: readonly string[]; place: string | null; date: string | null }) {
  if (event.place === null || event.date === null) return null;
  return new Set(event.actors).size >= 2 ? partySetOf(event.actors) : null;
}

/** The SQL of migration 27 (filled by each backend's step from eventPartyKey). */
export const eventPartiesSql = (d: { text: string; byteOrder: string }): string =>
  `ALTER TABLE events ADD COLUMN parties ${d.text};
CREATE INDEX events_by_parties ON events (place, type, parties, earliest${d.byteOrder}, latest${d.byteOrder})
  WHERE parties IS NOT NULL;
DROP INDEX IF EXISTS relations_by_claim;
CREATE INDEX relations_by_claim ON relations (subject, predicate, object, negated);
`;
