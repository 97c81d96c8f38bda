// The world atlas of the home page's map (world-atlas countries-110m, bundled as a hashed asset),
// asked for once per page load. Kept out of the map's lazily loaded code, in the entry code, so that
// the router can start reading it beside the home page's code and API requests (first-requests.ts).
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import { getJson } from '../api.js';

export type AtlasTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

let atlas: Promise<AtlasTopology> | undefined;

/** The atlas's address while it has not been asked for yet (then nothing): the home page's early request. */
export function atlasRequest(): string[] {
  return atlas ? [] : [atlasUrl];
}

/**
 * The atlas's topology, read once per page load. Its request is not tied to a page's signal: the page may be left
 * (or its theme changed) while it is on its way, and the next page would then find an aborted promise. A failure is
 * asked again next time.
 */
export function loadAtlas(): Promise<AtlasTopology> {
  atlas ??= getJson<AtlasTopology>(atlasUrl).catch((error: unknown) => {
    atlas = undefined;
    throw error;
  });
  return atlas;
}
