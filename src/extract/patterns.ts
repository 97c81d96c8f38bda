// Every regular expression the extraction pipeline applies to document text, in one place so the
// robustness tests can exercise each on adversarial input. None has nested quantifiers.
export const letterPattern = /\p{L}|\p{M}/u;
export const upperPattern = /\p{Lu}/u;
export const combiningMarks = /\p{M}/gu;
export const curlyApostrophes = /[’‘]/g;
export const dashCharacters = /[–—‐‑]/g;
export const groupingCommas = /,/g;
/** A leading preposition chrono-node includes in its match ("on 15 August 2021"). */
export const chronoLeadWord = /^(?:on|in|at|by|from|since|until|the) /i;

export const allPatterns: Readonly<Record<string, RegExp>> = {
  letterPattern,
  upperPattern,
  combiningMarks,
  curlyApostrophes,
  dashCharacters,
  groupingCommas,
  chronoLeadWord,
};
