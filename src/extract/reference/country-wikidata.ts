// Wikidata QIDs of the countries this collection writes about. world-countries carries no
// Wikidata identifiers, so the few we need are curated here (each checked against wikidata.org).
export const countryWikidata: Readonly<Record<string, string>> = {
  AFG: 'Q889',
  KAZ: 'Q232',
  UZB: 'Q265',
  TJK: 'Q863',
  TKM: 'Q874',
  KGZ: 'Q813',
  IRN: 'Q794',
  PAK: 'Q843',
  CHN: 'Q148',
  RUS: 'Q159',
  IND: 'Q668',
  QAT: 'Q846',
  TUR: 'Q43',
  USA: 'Q30',
  GBR: 'Q145',
  DEU: 'Q183',
  FRA: 'Q142',
  JPN: 'Q17',
  SAU: 'Q851',
  ARE: 'Q878',
};
