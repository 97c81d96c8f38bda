// The reads of a Dossier the reference checks need to compute the whole collection's findings, without the store's
// neighbourhood of one actor (checkNeighbourhood): the checks tests compare what one actor's checks find with what
// the whole-collection computation finds about it. Tests spread it and replace a read to count or hold it.
import type { Dossier } from '../dossier.js';
import type { CheckSource } from '../reference-checks.js';

export function collectionReads(dossier: Dossier): CheckSource {
  return {
    listActors: () => dossier.listActors(),
    listSources: () => dossier.listSources(),
    getActor: (id, version) => dossier.getActor(id, version),
    getActors: (refs) => dossier.store.getActors(refs),
    revision: () => dossier.store.revision(),
    listFacts: (query) => dossier.review.listFacts(query),
  };
}
