// The mention edges of the actor nodes that are not a source's, indexed by their strength (migration 31): an ego
// view keeps the strongest edges among its chosen nodes, and reads them from this index strongest first, in bands
// of falling strength, until it has found enough (graph-reader.ts: mentionEdgeWeights). A source's node is its one
// document's: its few dozen edges are read by the table's key, and left out of the index, whose size is then the
// country nodes' edges (their ids are short) and not the sources' (long ids, a third of the network's edges).
import { forgetSourceEdgeListsSql } from './graph-edge-actors.js';

/** The index's condition, repeated word for word by the statements that read through it (SQLite needs the terms). */
export const strengthIndexCondition = `link = 'm' AND substr(source, 1, 7) <> 'source:'`;

/**
 * Migration 31 (both backends). It also forgets the first actors of a source node's mention edges: the edge's one
 * actor is the source the node names (graph-edge-actors.ts: storedFirstActors), and the lists were a third of the
 * network's edges, 0.8 KiB a document, about what the index costs.
 */
export const edgeStrengthSql = (): string =>
  forgetSourceEdgeListsSql +
  `CREATE INDEX graph_edges_mentions_by_strength ON graph_edges (scope, source, n) WHERE ${strengthIndexCondition};`;

/** Undoes migration 31 (for the tests that rewind a database). */
export const edgeStrengthDropSql = 'DROP INDEX IF EXISTS graph_edges_mentions_by_strength;';

/**
 * The floors of the strength bands an ego view reads, strongest first: from 4096 down by a factor of 4 to 1 (every
 * edge). Each band is one range read per chosen node; the last one read holds the weakest kept edge.
 */
export const strengthFloors: readonly number[] = [4096, 1024, 256, 64, 16, 4, 1];
