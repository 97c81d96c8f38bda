// Checks of extracted claims (product capability 3; issue 11). Border claims between two
// countries are checked against the country data (world-countries `borders`). Claims that
// contradict each other are flagged when the times the texts give them overlap: a relation
// asserted and denied within one profile, in two profiles, or in a profile and a source
// ("recognized … in the 1990s" does not contradict "does not recognize" today); a contradiction lists at most
// relatedClaimLimit opposite claims of profiles (and of sources), the first by actor id (a claim thousands of
// documents deny stays a small finding, read from a bounded number of rows). The same
// relation affirmed in one version of a profile and denied in the next is listed as a change,
// not an error; the same event dated incompatibly in two profiles is flagged; and facts an
// editor confirmed on a sentence that the latest version no longer holds are listed as stale
// evidence. Every finding names the actor whose claim it concerns and links to both pieces of
// evidence (actor or source, version, span, sentence). The checks run over the latest version
// of every profile and source and the earlier versions of profiles, cached until the store changes; the
// findings of one actor are read from its documents and those sharing a claim or an event with it.
// Events whose date falls after the death of a party the gazetteer knows (`died`) are flagged too.
import { eventsAfterDeath } from '../extract/index.js';
import {
  DossierError,
  claimTime,
  claimTimesOverlap,
  edtfBounds,
  relatedClaimLimit,
  type ActorDetail,
  type ClaimTime,
  type ActorSummary,
  type CountryRecord,
  type Event,
  type Extraction,
  type Fact,
  type FactPage,
  type FactQuery,
  type ReferenceData,
  type Relation,
  type CheckFinding,
  type CheckKind,
  type CheckProgress,
  type CheckReport,
  type CheckScope,
  type CheckSeverity,
  type EvidenceSentence,
  type RelatedSentence,
  CheckSeveritySchema,
} from '../model/index.js';
import { bundledReferenceData } from './profile-pipeline.js';

// The schemas of the findings live in src/model/checks.ts; re-exported for the routes and export formats that name
// them through the core.
export * from '../model/checks.js';

/** The groups the /checks count is given in. */
export const checkGroups = ['contradiction', 'confirmed', 'change', 'stale-evidence'] as const;
export type CheckGroup = (typeof checkGroups)[number];
export const checkGroupOf: Record<CheckKind, CheckGroup> = {
  'contradicts-reference': 'contradiction',
  'confirmed-by-reference': 'confirmed',
  'contradicts-itself': 'contradiction',
  'contradicts-profile': 'contradiction',
  'contradicts-source': 'contradiction',
  'conflicting-dates': 'contradiction',
  'changed-between-versions': 'change',
  'evidence-removed': 'stale-evidence',
  'event-after-death': 'contradiction',
};

/** One document as the checker reads it: the actor (or source) and the extraction of one version. */
export interface CheckedProfile {
  actor: string;
  actorName: string;
  version: number;
  extraction: Extraction;
  /**
   * The document's date (EDTF: publication date or "as of"); a current claim holds at this date. Absent or null:
   * undated.
   */
  date?: string | null;
  /**
   * A document read in part (the claims of another document that one actor's checks need): the words of its
   * sentences by start, its `extraction.text` being empty.
   */
  sentenceText?: ReadonlyMap<number, string>;
}

/** A fact a reviewer confirmed or edited in an earlier version of a profile (as the review desk lists it). */
export type ConfirmedFact = Pick<
  Fact,
  'id' | 'kind' | 'actor' | 'version' | 'start' | 'end' | 'evidence' | 'sentence' | 'status' | 'payload'
>;

/** Everything the checks read besides the latest profiles. */
export interface CheckExtras {
  /** Latest versions of sources (documents that are not profiles). */
  sources?: CheckedProfile[];
  /** Earlier versions of profiles (any order). */
  history?: CheckedProfile[];
  /** Facts confirmed or edited in earlier versions of profiles. */
  confirmedFacts?: ConfirmedFact[];
  /** Names of entities the documents read do not hold (the whole collection's names, for one actor's checks). */
  entityNames?: ReadonlyArray<{ id: string; name: string }>;
  /** Only the findings about this actor (the other documents are read for its findings' sake). */
  only?: string;
}

const predicatePhrases: Record<Relation['predicate'], [affirmed: string, denied: string]> = {
  borders: ['borders', 'does not border'],
  supplies: ['supplies', 'does not supply'],
  interested_in: ['is interested in', 'is not interested in'],
  participates_in: ['participates in', 'does not participate in'],
  leads: ['leads', 'does not lead'],
  member_of: ['is a member of', 'is not a member of'],
  provides_aid_to: ['provides aid to', 'does not provide aid to'],
  hosts: ['hosts', 'does not host'],
  recognizes: ['recognizes', 'does not recognize'],
  opposes: ['opposes', 'does not oppose'],
};

/** Predicates whose subject and object can be swapped without changing the claim. */
const symmetricPredicates = new Set<Relation['predicate']>(['borders']);

const listNames = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The sentence holding a span: sentences are sorted, so a binary search finds it. */
function evidenceSentence(profile: CheckedProfile, span: { start: number; end: number }): EvidenceSentence {
  const x = profile.extraction;
  let lo = 0;
  let hi = x.sentences.length - 1;
  let found: { start: number; end: number } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = x.sentences[mid]!;
    if (span.start < s.start) hi = mid - 1;
    else if (span.start >= s.end) lo = mid + 1;
    else {
      found = s;
      break;
    }
  }
  const { start, end } = found ?? span;
  const text = profile.sentenceText?.get(start) ?? x.text.slice(start, end);
  return { actor: profile.actor, version: profile.version, start, end, text };
}

const relatedOf = (claim: Claim): RelatedSentence => ({
  ...claim.evidence,
  actorName: claim.profile.actorName,
  documentKind: claim.profile.extraction.kind,
});

// --- When a claim holds: claimTime and claimTimesOverlap (src/model/claim-time.ts), which the store's bounds follow.

const overlaps = claimTimesOverlap;

const describeTime = (relation: Relation): string =>
  relation.valid ? ` (${relation.valid})` : relation.current === false ? ' (in the past)' : '';

interface Claim {
  profile: CheckedProfile;
  relation: Relation;
  evidence: EvidenceSentence;
  time: ClaimTime | null;
  key: string;
}

function claimsOf(profile: CheckedProfile): Claim[] {
  return profile.extraction.relations.map((relation) => {
    const { subject, predicate, object } = relation;
    const ends = symmetricPredicates.has(predicate) ? [subject, object].sort() : [subject, object];
    return {
      profile,
      relation,
      evidence: evidenceSentence(profile, relation.evidence),
      time: claimTime(relation, profile.date),
      key: `${ends[0]}|${predicate}|${ends[1]}`,
    };
  });
}

function groupByKey(claims: Claim[]): Map<string, Claim[]> {
  return runSteps(groupByKeyInSteps(claims));
}

/** groupByKey a step per claim. */
function* groupByKeyInSteps(claims: Claim[]): Steps<Map<string, Claim[]>> {
  const groups = new Map<string, Claim[]>();
  for (const claim of claims) {
    yield;
    const group = groups.get(claim.key);
    if (group) group.push(claim);
    else groups.set(claim.key, [claim]);
  }
  return groups;
}

const contradicts = (a: Claim, b: Claim): boolean =>
  a.relation.negated !== b.relation.negated && overlaps(a.time, b.time);

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

type CheckReference = Pick<ReferenceData, 'countries'> & Partial<Pick<ReferenceData, 'gazetteer'>>;
type ClaimFields = Pick<Relation, 'subject' | 'predicate' | 'object' | 'negated'>;

/** What every check shares: the names of entities, the wording of claims, and the findings collected so far. */
interface CheckContext {
  nameOf(id: string): string;
  /** A claim in words ("Kazakhstan borders China"). */
  claimText(relation: ClaimFields): string;
  /** A claim quoted, with the time its text gives it. */
  quoted(relation: Relation): string;
  /** Adds a finding unless one of the same id is already there (or it concerns another actor than `only`). */
  add(finding: Omit<CheckFinding, 'id'>, key: string): void;
  /** The fields of a finding about a claim that every claim check fills the same way. */
  base(claim: Claim): Pick<CheckFinding, 'actor' | 'actorName' | 'claim' | 'evidence' | 'reference'>;
  only: string | undefined;
}

/** The names of entities: the documents' own, then those given, the country data's overriding both. */
function* entityNames(
  documents: CheckedProfile[],
  given: CheckExtras['entityNames'],
  countries: ReadonlyMap<string, CountryRecord>,
): Steps<Map<string, string>> {
  const names = new Map<string, string>();
  for (const document of documents) {
    yield;
    for (const entity of document.extraction.entities) if (!names.has(entity.id)) names.set(entity.id, entity.name);
  }
  for (const entity of given ?? []) if (!names.has(entity.id)) names.set(entity.id, entity.name);
  for (const country of countries.values()) names.set(country.id, country.name);
  return names;
}

function checkContext(
  names: ReadonlyMap<string, string>,
  findings: Map<string, CheckFinding>,
  only: string | undefined,
): CheckContext {
  const nameOf = (id: string) => names.get(id) ?? id;
  const claimText = (r: ClaimFields) =>
    `${nameOf(r.subject)} ${predicatePhrases[r.predicate][r.negated ? 1 : 0]} ${nameOf(r.object)}`;
  return {
    nameOf,
    claimText,
    quoted: (r: Relation) => `“${claimText(r)}”${describeTime(r)}`,
    add: (finding, key) => {
      if (only !== undefined && finding.actor !== only) return;
      const id = `${finding.kind}:${finding.actor}:${finding.evidence.version}:${finding.evidence.start}:${key}`;
      if (!findings.has(id)) findings.set(id, { id, ...finding });
    },
    base: (claim: Claim) => ({
      actor: claim.profile.actor,
      actorName: claim.profile.actorName,
      claim: claimText(claim.relation),
      evidence: claim.evidence,
      reference: null,
    }),
    only,
  };
}

/** Work done in small steps: it yields between them, so that a driver can let other work run meanwhile. */
type Steps<T> = Generator<void, T, void>;

/** Runs steps to their end at once. */
function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs steps a slice of `budgetMs` at a time, letting the event loop run between slices; once `stopped` answers true
 * (checked between slices) it gives up with a CONFLICT rather than run the remaining steps.
 */
async function runStepsInSlices<T>(
  steps: Steps<T>,
  stopped: () => boolean,
  budgetMs = sliceMs,
  turn: () => Promise<void> = nextTurn,
): Promise<T> {
  let until = performance.now() + budgetMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= until) {
      await turn();
      if (stopped()) throw closing();
      until = performance.now() + budgetMs;
    }
  }
}

/** The error a computation stopped by the Dossier's close ends with. */
const closing = (): DossierError => new DossierError('CONFLICT', 'the checks stopped: the knowledge base is closing');

/** Sorts in steps: runs of 256 sorted, then merged pairwise (a bottom-up merge sort, stable). */
function* sortInSteps<T>(items: T[], order: (a: T, b: T) => number): Steps<T[]> {
  const run = 256;
  let list: T[] = [];
  for (let from = 0; from < items.length; from += run) {
    yield;
    list.push(...items.slice(from, from + run).sort(order));
  }
  for (let width = run; width < list.length; width *= 2) {
    const merged: T[] = new Array<T>(list.length);
    for (let from = 0; from < list.length; from += 2 * width) {
      const middle = Math.min(from + width, list.length);
      const end = Math.min(from + 2 * width, list.length);
      let [i, j, k] = [from, middle, from];
      while (i < middle && j < end) {
        if ((k & 255) === 0) yield;
        merged[k++] = order(list[j]!, list[i]!) < 0 ? list[j++]! : list[i++]!;
      }
      while (i < middle) merged[k++] = list[i++]!;
      while (j < end) merged[k++] = list[j++]!;
    }
    list = merged;
  }
  return list;
}

/** Runs every check; `checked` says what was read. */
export function checkCollection(
  profiles: CheckedProfile[],
  reference: CheckReference,
  extras: CheckExtras = {},
): { findings: CheckFinding[]; checked: CheckScope } {
  return runSteps(checkSteps(profiles, reference, extras));
}

/**
 * checkCollection a few milliseconds at a time: a large collection does not hold back requests served meanwhile. Every
 * step is bounded by one document, one claim or one event (never a whole group of claims sharing a key), and `stopped`
 * (when given) is asked between slices: once it answers true the computation ends with a CONFLICT. `turn` is awaited
 * between slices (default: one turn of the event loop).
 */
export function checkCollectionInSlices(
  profiles: CheckedProfile[],
  reference: CheckReference,
  extras: CheckExtras = {},
  stopped: () => boolean = () => false,
  turn?: () => Promise<void>,
): Promise<{ findings: CheckFinding[]; checked: CheckScope }> {
  return runStepsInSlices(checkSteps(profiles, reference, extras), stopped, sliceMs, turn);
}

function* checkSteps(
  profiles: CheckedProfile[],
  reference: CheckReference,
  extras: CheckExtras,
): Steps<{ findings: CheckFinding[]; checked: CheckScope }> {
  const sources = extras.sources ?? [];
  const history = extras.history ?? [];
  const confirmedFacts = extras.confirmedFacts ?? [];
  const countries = new Map<string, CountryRecord>(reference.countries.map((c) => [c.id, c]));
  const names = yield* entityNames([...profiles, ...sources], extras.entityNames, countries);
  const findings = new Map<string, CheckFinding>();
  const context = checkContext(names, findings, extras.only);

  const claimsOfAll = function* (documents: CheckedProfile[]): Steps<Claim[]> {
    const claims: Claim[] = [];
    for (const document of documents) {
      yield;
      for (const claim of claimsOf(document)) claims.push(claim);
    }
    return claims;
  };
  const claims = yield* claimsOfAll(profiles);
  const sourceClaims = yield* claimsOfAll(sources);
  const borderClaims = yield* checkBorders(context, claims, countries);
  const byClaim = yield* groupByKeyInSteps(claims);
  yield* checkWithinProfiles(context, byClaim);
  yield* checkAcrossProfiles(context, byClaim);
  yield* checkAgainstSources(context, byClaim, yield* groupByKeyInSteps(sourceClaims));
  yield* checkVersionChanges(context, [...history, ...profiles], claims);
  yield* checkStaleEvidence(context, profiles, confirmedFacts);
  const datedEvents = yield* checkEventDates(context, profiles);
  yield* checkEventsAfterDeath(context, [...profiles, ...sources], reference.gazetteer ?? []);

  const sorted = yield* sortInSteps([...findings.values()], findingOrder);
  const checked: CheckScope = {
    profiles: profiles.length,
    versions: profiles.length + history.length,
    sources: sources.length,
    relations: claims.length + sourceClaims.length,
    borderClaims,
    events: datedEvents,
    confirmedFacts: confirmedFacts.length,
  };
  return { findings: sorted, checked };
}

/** 1. Border claims between two countries against the country data; answers how many were checked. */
function* checkBorders(
  context: CheckContext,
  claims: Claim[],
  countries: ReadonlyMap<string, CountryRecord>,
): Steps<number> {
  const { add, nameOf, claimText } = context;
  let borderClaims = 0;
  for (const { profile, relation, evidence } of claims) {
    yield;
    if (relation.predicate !== 'borders' || relation.subject === relation.object) continue;
    const a = countries.get(relation.subject);
    const b = countries.get(relation.object);
    if (!a || !b) continue;
    borderClaims++;
    const border = a.borders.includes(b.id) || b.borders.includes(a.id);
    const neighbours = (c: CountryRecord) =>
      c.borders.length ? `${c.name} borders ${listNames(c.borders.map(nameOf))}` : `${c.name} has no land border`;
    const referenceText = `Country data (world-countries): ${neighbours(a)}; ${neighbours(b)}.`;
    const agrees = border !== relation.negated;
    const pair = `${a.name} and ${b.name}`;
    add(
      {
        actor: profile.actor,
        actorName: profile.actorName,
        kind: agrees ? 'confirmed-by-reference' : 'contradicts-reference',
        severity: agrees ? 'info' : 'error',
        claim: claimText(relation),
        message: agrees
          ? `Confirmed by the country data: ${pair} ${border ? 'share a border' : 'do not share a border'}.`
          : relation.negated
            ? `The profile says ${pair} do not share a border, but the country data lists a border between them.`
            : `The profile says ${pair} share a border, but the country data lists no border between them.`,
        evidence,
        related: [],
        reference: referenceText,
      },
      `${a.id}-${b.id}`,
    );
  }
  return borderClaims;
}

/** Items grouped by a key, each group in the order the items came. */
function groupBy<K, T>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** groupBy a step per item. */
function* groupByInSteps<K, T>(items: Iterable<T>, keyOf: (item: T) => K): Steps<Map<K, T[]>> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    yield;
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** 2. A relation asserted and denied within one profile, at times that overlap: one finding per pair. */
function* checkWithinProfiles(context: CheckContext, byClaim: Map<string, Claim[]>): Steps<void> {
  const { add, base, quoted } = context;
  for (const [key, claimsOfKey] of byClaim) {
    yield;
    // Pairs within one profile only: the group is split per profile first (the order within it kept).
    for (const group of groupBy(claimsOfKey, (claim) => claim.profile).values()) {
      if (group.length < 2) continue;
      for (let i = 0; i < group.length; i++) {
        yield;
        const a = group[i]!;
        for (let j = i + 1; j < group.length; j++) {
          const b = group[j]!;
          if (!contradicts(a, b)) continue;
          const [first, second] = a.evidence.start <= b.evidence.start ? [a, b] : [b, a];
          add(
            {
              ...base(first),
              kind: 'contradicts-itself',
              severity: 'warning',
              message:
                `This profile says ${quoted(first.relation)} and also ${quoted(second.relation)}, with no time ` +
                `that tells them apart.`,
              related: [relatedOf(second)],
            },
            `${key}|${second.evidence.start}`,
          );
        }
      }
    }
  }
}

/** Claims by actor id, then place in their document (the order a store reads them in: checks-reader.ts). */
const byActorAndPlace = (a: Claim, b: Claim): number =>
  a.profile.actor < b.profile.actor
    ? -1
    : a.profile.actor > b.profile.actor
      ? 1
      : a.relation.evidence.start - b.relation.evidence.start;

/**
 * The opposite claims a contradiction lists: all of them up to relatedClaimLimit, else that many, the first by
 * actor id and place (which one profile's checks read of a claim denied by thousands of documents), in their order.
 * A finding depends on these alone (not on how many more there are): a write to a claim it does not list changes
 * nothing of it, so the findings computed again after a write are those that list a claim written, or whose claims
 * a claim written contradicts (checkPartners).
 */
function listedClaims(opposite: Claim[]): Claim[] {
  if (opposite.length <= relatedClaimLimit) return opposite;
  const kept = new Set([...opposite].sort(byActorAndPlace).slice(0, relatedClaimLimit));
  return opposite.filter((claim) => kept.has(claim));
}

/** The words a finding listing as many opposite claims as it can ends with. */
const atMost = (listed: Claim[]): string =>
  listed.length < relatedClaimLimit ? '' : ` At most ${relatedClaimLimit} are listed (the first by actor id).`;

/** 3. The same relation asserted in one profile and denied in another, at times that overlap. */
function* checkAcrossProfiles(context: CheckContext, byClaim: Map<string, Claim[]>): Steps<void> {
  const { add, base, quoted } = context;
  for (const [key, group] of byClaim) {
    yield;
    // Only claims of the other polarity can contradict: each claim is compared with those alone.
    const affirmed = group.filter((claim) => !claim.relation.negated);
    const denied = group.filter((claim) => claim.relation.negated);
    if (affirmed.length === 0 || denied.length === 0) continue;
    for (const claim of group) {
      yield;
      const opposite = (claim.relation.negated ? affirmed : denied).filter(
        (other) => other.profile.actor !== claim.profile.actor && contradicts(claim, other),
      );
      if (opposite.length === 0) continue;
      const listed = listedClaims(opposite);
      const others = [...new Set(listed.map((o) => o.profile.actorName))];
      add(
        {
          ...base(claim),
          kind: 'contradicts-profile',
          severity: 'warning',
          message:
            `This profile says ${quoted(claim.relation)}; the ${listNames(others)} ` +
            `profile${others.length > 1 ? 's say' : ' says'} the opposite (${quoted(listed[0]!.relation)}).` +
            atMost(listed),
          related: listed.map(relatedOf),
        },
        `${key}|${claim.relation.negated ? 'not' : 'is'}`,
      );
    }
  }
}

/** 4. A profile's relation that a source states the opposite of, at times that overlap. */
function* checkAgainstSources(
  context: CheckContext,
  byClaim: Map<string, Claim[]>,
  sourcesByClaim: Map<string, Claim[]>,
): Steps<void> {
  const { add, base, quoted } = context;
  for (const [key, group] of byClaim) {
    yield;
    const fromSources = sourcesByClaim.get(key);
    if (!fromSources) continue;
    for (const claim of group) {
      yield;
      const opposite = fromSources.filter((other) => contradicts(claim, other));
      if (opposite.length === 0) continue;
      const listed = listedClaims(opposite);
      const titles = [...new Set(listed.map((o) => `“${o.profile.actorName}”`))];
      add(
        {
          ...base(claim),
          kind: 'contradicts-source',
          severity: 'warning',
          message:
            `This profile says ${quoted(claim.relation)}; the source${titles.length > 1 ? 's' : ''} ` +
            `${listNames(titles)} say${titles.length > 1 ? '' : 's'} the opposite ` +
            `(${quoted(listed[0]!.relation)}).` +
            atMost(listed),
          related: listed.map(relatedOf),
        },
        `${key}|${claim.relation.negated ? 'not' : 'is'}`,
      );
    }
  }
}

/**
 * 5. A relation affirmed in one version of a profile and denied in the next: a change, not an error. `documents`
 * are every version read (earlier ones first), `claims` those of the latest versions.
 */
function* checkVersionChanges(context: CheckContext, documents: CheckedProfile[], claims: Claim[]): Steps<void> {
  const versionsOf = yield* groupByInSteps(documents, (document) => document.actor);
  const latestClaims = yield* groupByInSteps(claims, (claim) => claim.profile);
  const claimsByVersion = new Map<CheckedProfile, Map<string, Claim[]>>();
  const keyedClaims = (document: CheckedProfile) => {
    let keyed = claimsByVersion.get(document);
    if (!keyed) claimsByVersion.set(document, (keyed = groupByKey(latestClaims.get(document) ?? claimsOf(document))));
    return keyed;
  };
  for (const versions of versionsOf.values()) {
    yield;
    versions.sort((a, b) => a.version - b.version);
    for (let i = 1; i < versions.length; i++)
      addVersionChanges(context, keyedClaims(versions[i - 1]!), keyedClaims(versions[i]!), versions[i - 1]!.version);
  }
}

/** The changes between two consecutive versions' claims (`earlier` the version number of `before`). */
function addVersionChanges(
  context: CheckContext,
  before: Map<string, Claim[]>,
  after: Map<string, Claim[]>,
  earlier: number,
): void {
  const { add, base, quoted } = context;
  for (const [key, now] of after) {
    const then = before.get(key);
    if (!then) continue;
    for (const claim of now) {
      if (claim.relation.current === false) continue;
      // Still said the same way in the earlier version: nothing changed for this claim.
      if (then.some((old) => old.relation.negated === claim.relation.negated)) continue;
      const denied = then.filter((old) => old.relation.current !== false);
      if (denied.length === 0) continue;
      add(
        {
          ...base(claim),
          kind: 'changed-between-versions',
          severity: 'info',
          message:
            `Version ${earlier} said ${quoted(denied[0]!.relation)}; version ${claim.profile.version} says ` +
            `${quoted(claim.relation)}. A change between versions, not an error.`,
          related: denied.map(relatedOf),
        },
        `${key}|${claim.relation.negated ? 'not' : 'is'}|${earlier}`,
      );
    }
  }
}

type FactSentence = { text: string; start: number; end: number };

/** The confirmed facts whose sentence the latest version of their profile no longer holds, by sentence. */
function* staleFactsBySentence(
  latestOf: ReadonlyMap<string, { profile: CheckedProfile; text: () => string }>,
  confirmedFacts: ConfirmedFact[],
): Steps<Map<string, { facts: ConfirmedFact[]; sentence: FactSentence }>> {
  const staleBySentence = new Map<string, { facts: ConfirmedFact[]; sentence: FactSentence }>();
  for (const fact of confirmedFacts) {
    yield;
    const latest = latestOf.get(fact.actor);
    if (!latest || fact.version >= latest.profile.version) continue;
    const sentence = fact.sentence ?? { text: fact.evidence, start: fact.start, end: fact.end };
    if (latest.text().includes(normalise(sentence.text))) continue;
    const key = `${fact.actor}|${fact.version}|${sentence.start}`;
    const entry = staleBySentence.get(key);
    if (entry) entry.facts.push(fact);
    else staleBySentence.set(key, { facts: [fact], sentence });
  }
  return staleBySentence;
}

/** The latest version's sentence closest in words to `text` (at least half shared), shown as its rewording. */
function closestSentence(latest: CheckedProfile, text: string): { start: number; end: number } | null {
  const wanted = words(text);
  let best: { start: number; end: number } | null = null;
  let bestScore = 0.5;
  for (const s of latest.extraction.sentences) {
    const have = words(latest.extraction.text.slice(s.start, s.end));
    let shared = 0;
    for (const word of wanted) if (have.has(word)) shared++;
    const score = shared / Math.max(1, wanted.size, have.size);
    if (score >= bestScore) [best, bestScore] = [s, score];
  }
  return best;
}

/** A confirmed fact in words. */
function describeFact(context: CheckContext, fact: ConfirmedFact): string {
  const p = fact.payload;
  if (fact.kind === 'relation') return context.claimText(p as ClaimFields);
  if (fact.kind === 'event') return `${String(p.type)}${p.date ? ` (${String(p.date)})` : ''}`;
  if (fact.kind === 'mention') return `“${fact.evidence}” → ${context.nameOf(String(p.entity))}`;
  return `${fact.kind} “${fact.evidence}”`;
}

/** 6. Facts confirmed in an earlier version whose sentence the latest version no longer holds. */
function* checkStaleEvidence(
  context: CheckContext,
  profiles: CheckedProfile[],
  confirmedFacts: ConfirmedFact[],
): Steps<void> {
  // The normalised text of a latest version, made when a fact of an earlier version is looked for in it.
  const latestOf = new Map<string, { profile: CheckedProfile; text: () => string }>();
  for (const profile of profiles) {
    let text: string | undefined;
    latestOf.set(profile.actor, { profile, text: () => (text ??= normalise(profile.extraction.text)) });
  }
  for (const [key, { facts, sentence }] of yield* staleFactsBySentence(latestOf, confirmedFacts)) {
    yield;
    const { profile: latest } = latestOf.get(facts[0]!.actor)!;
    const best = closestSentence(latest, sentence.text);
    const version = facts[0]!.version;
    context.add(
      {
        actor: latest.actor,
        actorName: latest.actorName,
        kind: 'evidence-removed',
        severity: 'warning',
        claim: listNames([...new Set(facts.map((fact) => describeFact(context, fact)))]),
        message:
          `${facts.length === 1 ? 'A fact' : `${facts.length} facts`} confirmed in version ${version} ` +
          `stand${facts.length === 1 ? 's' : ''} on a sentence that version ${latest.version} no longer holds` +
          (best ? '; the closest sentence of the latest version is shown.' : '.'),
        evidence: { actor: latest.actor, version, start: sentence.start, end: sentence.end, text: sentence.text },
        related: best
          ? [{ ...evidenceSentence(latest, best), actorName: latest.actorName, documentKind: latest.extraction.kind }]
          : [],
        reference: null,
      },
      key,
    );
  }
}

/** An event of a profile pinned down well enough to be recognised in another profile. */
interface DatedEvent {
  profile: CheckedProfile;
  event: Event & { date: string };
  earliest: string;
  latest: string;
  evidence: EvidenceSentence;
}

/** The profiles' dated events (with a place and two parties at least), by type, place and parties. */
function* datedEventsByKey(profiles: CheckedProfile[]): Steps<Map<string, DatedEvent[]>> {
  const byEvent = new Map<string, DatedEvent[]>();
  for (const profile of profiles) {
    yield;
    for (const event of profile.extraction.events) {
      // Only events pinned down well enough to be recognised in another profile.
      if (!event.date || !event.place || new Set(event.actors).size < 2) continue;
      const { earliest, latest } = edtfBounds(event.date);
      if (!earliest || !latest) continue;
      const key = `${event.type}|${event.place}|${[...new Set(event.actors)].sort().join(',')}`;
      const dated: DatedEvent = {
        profile,
        event: { ...event, date: event.date },
        earliest,
        latest,
        evidence: evidenceSentence(profile, event.evidence),
      };
      const list = byEvent.get(key);
      if (list) list.push(dated);
      else byEvent.set(key, [dated]);
    }
  }
  return byEvent;
}

/** 7. The same event (type, place, participants) dated incompatibly in two profiles; answers the events read. */
function* checkEventDates(context: CheckContext, profiles: CheckedProfile[]): Steps<number> {
  const { add, nameOf } = context;
  const byEvent = yield* datedEventsByKey(profiles);
  let datedEvents = 0;
  for (const [key, group] of byEvent) {
    yield;
    datedEvents += group.length;
    for (const item of group) {
      yield;
      const disjoint = group.filter(
        (other) =>
          other.profile.actor !== item.profile.actor && (other.latest < item.earliest || other.earliest > item.latest),
      );
      if (disjoint.length === 0) continue;
      const { type, place, actors, date } = item.event;
      const who = listNames([...new Set(actors)].map(nameOf));
      const claim = `${type} in ${nameOf(place!)} by ${who}, dated ${date}`;
      const others = disjoint.map((d) => `${d.profile.actorName}: ${d.event.date}`);
      add(
        {
          actor: item.profile.actor,
          actorName: item.profile.actorName,
          kind: 'conflicting-dates',
          severity: 'warning',
          claim,
          message:
            `This profile dates the ${type} in ${nameOf(place!)} by ${who} ${date}; other profiles give dates that ` +
            `do not overlap (${others.join('; ')}). They may describe the same event or two different ones.`,
          evidence: item.evidence,
          related: disjoint.map((d) => ({
            ...d.evidence,
            actorName: d.profile.actorName,
            documentKind: d.profile.extraction.kind,
          })),
          reference: null,
        },
        `${key}|${date}`,
      );
    }
  }
  return datedEvents;
}

/**
 * 8. Events dated after the death of a party (the gazetteer's `died`): a past event misdated, or a party misread
 * ("a person killed in 2020 appears as a party to a 2022 attack").
 */
function* checkEventsAfterDeath(
  context: CheckContext,
  documents: CheckedProfile[],
  gazetteer: NonNullable<CheckReference['gazetteer']>,
): Steps<void> {
  const { add, nameOf, only } = context;
  const people = new Map(gazetteer.filter((entry) => entry.type === 'person').map((entry) => [entry.id, entry]));
  const known = { gazetteer: [...people.values()] };
  for (const document of documents) {
    yield;
    if (only !== undefined && document.actor !== only) continue;
    for (const { event, person, died } of eventsAfterDeath(document.extraction, known)) {
      const when = event.valid ?? event.date ?? '';
      const name = people.get(person)?.name ?? nameOf(person);
      add(
        {
          actor: document.actor,
          actorName: document.actorName,
          kind: 'event-after-death',
          severity: 'warning',
          claim: `${name}: a party to ${withArticle(event.type)} dated ${when}`,
          message:
            `${name} died ${died} (gazetteer), but this ${event.type} is dated ${when} and names ${name} among its ` +
            `parties. The date or the party may be misread, or the text speaks of a legacy or a namesake.`,
          evidence: evidenceSentence(document, event.evidence),
          related: [],
          reference: `${name} died ${died}`,
        },
        `${person}|${when}`,
      );
    }
  }
}

/** The findings of every check (see checkCollection). */
export function checkProfiles(
  profiles: CheckedProfile[],
  reference: Pick<ReferenceData, 'countries'>,
  extras: CheckExtras = {},
): CheckFinding[] {
  return checkCollection(profiles, reference, extras).findings;
}

export function countFindings(findings: CheckFinding[]): CheckReport['counts'] {
  const counts: CheckReport['counts'] = {
    contradictsReference: 0,
    confirmedByReference: 0,
    contradictsItself: 0,
    contradictsProfile: 0,
    contradictsSource: 0,
    conflictingDates: 0,
    changedBetweenVersions: 0,
    evidenceRemoved: 0,
    eventAfterDeath: 0,
  };
  const field = (kind: CheckKind) =>
    kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof CheckReport['counts'];
  for (const finding of findings) counts[field(finding.kind)]++;
  return counts;
}

export function summariseFindings(findings: CheckFinding[]): CheckReport['summary'] {
  const summary: CheckReport['summary'] = { contradictions: 0, confirmed: 0, changes: 0, staleEvidence: 0 };
  const field: Record<CheckGroup, keyof CheckReport['summary']> = {
    contradiction: 'contradictions',
    confirmed: 'confirmed',
    change: 'changes',
    'stale-evidence': 'staleEvidence',
  };
  for (const finding of findings) summary[field[checkGroupOf[finding.kind]]]++;
  return summary;
}

const countryIds = new WeakMap<readonly CountryRecord[], ReadonlySet<string>>();

/** A document's share of what checkCollection reads (`checked`): the shares of all documents add up to it. */
export function documentScope(
  document: CheckedProfile,
  kind: 'profile' | 'source',
  reference: CheckReference,
  read: { history: number; confirmedFacts: number } = { history: 0, confirmedFacts: 0 },
): CheckScope {
  let countries = countryIds.get(reference.countries);
  if (!countries) countryIds.set(reference.countries, (countries = new Set(reference.countries.map((c) => c.id))));
  const { relations, events } = document.extraction;
  const borderClaims = relations.filter(
    (r) => r.predicate === 'borders' && r.subject !== r.object && countries.has(r.subject) && countries.has(r.object),
  ).length;
  const profile = kind === 'profile';
  const datedEvents = profile
    ? events.filter((event) => {
        if (!event.date || !event.place || new Set(event.actors).size < 2) return false;
        const { earliest, latest } = edtfBounds(event.date);
        return Boolean(earliest && latest);
      }).length
    : 0;
  return {
    profiles: profile ? 1 : 0,
    versions: profile ? 1 + read.history : 0,
    sources: profile ? 0 : 1,
    relations: relations.length,
    borderClaims: profile ? borderClaims : 0,
    events: datedEvents,
    confirmedFacts: profile ? read.confirmedFacts : 0,
  };
}

const scopeFields = [
  'profiles',
  'versions',
  'sources',
  'relations',
  'borderClaims',
  'events',
  'confirmedFacts',
] as const satisfies ReadonlyArray<keyof CheckScope>;

/** What nothing read adds up to. */
const emptyScope = (): CheckScope =>
  Object.fromEntries(scopeFields.map((field) => [field, 0])) as Record<(typeof scopeFields)[number], number>;

/** `total` with `minus` taken away and `plus` added, field by field. */
function adjustScope(total: CheckScope, minus: readonly CheckScope[], plus: readonly CheckScope[]): CheckScope {
  const next = { ...total };
  for (const field of scopeFields) {
    for (const scope of minus) next[field] -= scope[field];
    for (const scope of plus) next[field] += scope[field];
  }
  return next;
}

// ---------------------------------------------------------------------------------------------

/** A claim of another document that one actor's checks read, with its document and sentence. */
interface NeighbourClaim {
  actor: string;
  /** The name the actor list sorts by, and the name the document gives. */
  listName: string;
  actorName: string;
  kind: 'profile' | 'source';
  version: number;
  date: string | null;
  sentence: { start: number; end: number; text: string };
  position: number;
  start: number;
  end: number;
  valid: string | null;
  current: boolean;
}

/** What the checks of one profile read besides its own versions (the store's checkNeighbourhood). */
export interface CheckNeighbourhoodRows {
  actor: { id: string; name: string; latestVersion: number };
  relations: Array<NeighbourClaim & { subject: string; predicate: string; object: string; negated: boolean }>;
  events: Array<NeighbourClaim & { type: string; eventDate: string | null; actors: string[]; place: string | null }>;
  entityNames: Array<{ id: string; name: string }>;
}

interface PartialDocument {
  claim: NeighbourClaim;
  relations: Array<[position: number, relation: Relation]>;
  events: Array<[position: number, event: Event]>;
  sentences: Map<number, { start: number; end: number; text: string }>;
}

/** The other documents of a neighbourhood, each holding only the claims read of it, in the actor list's order. */
function partialDocuments(around: CheckNeighbourhoodRows): {
  profiles: Array<CheckedProfile & { listName: string }>;
  sources: Array<CheckedProfile & { listName: string }>;
} {
  const documents = new Map<string, PartialDocument>();
  const documentOf = (claim: NeighbourClaim): PartialDocument => {
    let document = documents.get(claim.actor);
    if (!document) documents.set(claim.actor, (document = { claim, relations: [], events: [], sentences: new Map() }));
    document.sentences.set(claim.sentence.start, claim.sentence);
    return document;
  };
  const evidence = (c: NeighbourClaim) => ({ start: c.start, end: c.end });
  for (const r of around.relations) {
    const { subject, object, negated, valid, current } = r;
    const predicate = r.predicate as Relation['predicate'];
    const relation: Relation = { subject, predicate, object, negated, evidence: evidence(r), valid, current };
    documentOf(r).relations.push([r.position, relation]);
  }
  for (const e of around.events) {
    const { actors, place, valid, current } = e;
    const type = e.type as Event['type'];
    const event: Event = { type, date: e.eventDate, actors, place, evidence: evidence(e), valid, current };
    documentOf(e).events.push([e.position, event]);
  }
  const byPosition = <T>(list: Array<[number, T]>): T[] => list.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  const checked = [...documents.values()].map(({ claim, relations, events, sentences }) => {
    const ordered = [...sentences.values()].sort((a, b) => a.start - b.start);
    const extraction = {
      kind: claim.kind,
      text: '',
      actor: { name: claim.actorName, country: null },
      sentences: ordered.map(({ start, end }) => ({ start, end })),
      entities: [],
      relations: byPosition(relations),
      events: byPosition(events),
    } as unknown as Extraction;
    return {
      actor: claim.actor,
      actorName: claim.actorName,
      listName: claim.listName,
      version: claim.version,
      date: claim.date,
      extraction,
      sentenceText: new Map(ordered.map((s) => [s.start, s.text])),
    };
  });
  const inOrder = (kind: 'profile' | 'source') =>
    checked
      .filter((d) => d.extraction.kind === kind)
      .sort((a, b) => listOrder({ id: a.actor, name: a.listName }, { id: b.actor, name: b.listName }));
  return { profiles: inOrder('profile'), sources: inOrder('source') };
}

/** What the checks need of the Dossier facade; `revision` (when given) invalidates the cache on any write. */
export interface CheckSource {
  listActors(): Promise<ActorSummary[]>;
  getActor(id: string, version?: number): Promise<ActorDetail>;
  revision?(): Promise<string>;
  /** The sources (documents that are not profiles); absent: profiles only. */
  listSources?(): Promise<ActorSummary[]>;
  /** Many versions at once (the store's batch read); absent: one getActor per version. */
  getActors?(refs: readonly { id: string; version?: number }[]): Promise<ActorDetail[]>;
  /** The review desk's fact list; absent: no check of confirmed facts. */
  listFacts?(query: FactQuery): Promise<FactPage>;
  /** The documents one profile's checks read (from the indexes); absent: the whole collection is checked. */
  checkNeighbourhood?(actor: string): Promise<CheckNeighbourhoodRows | null>;
  /** The whole collection's findings as last computed, kept in the store (absent: kept in memory only). */
  snapshots?: StoredChecks;
  /**
   * A marker of the data's state, and the actors written since `since` (null: cannot be told); with checkPartners,
   * a write makes only the findings it can change be computed again. Absent: the whole collection each time.
   */
  checkChanges?(since: ChangeMarker | null): Promise<{ marker: ChangeMarker; actors: string[] | null }>;
  /** The profiles whose findings the claims of the latest version of `actor` can take part in. */
  checkPartners?(actor: string): Promise<string[]>;
  /**
   * One page of the profiles (or sources) after the id `after` (the store's listActorPage); when given, the
   * whole-collection computation lists the collection a page at a time rather than in one read.
   */
  listActorPage?(query: {
    kind: 'profile' | 'source';
    limit: number;
    after?: string;
  }): Promise<{ actors: ActorSummary[]; next: string | null }>;
  /**
   * Awaited between two slices of the whole-collection computation in the background (the Dossier's
   * ForegroundActivity.turn: it waits for a moment without requests in flight); `urgent` answers true while a caller
   * waits for the computation (then it should not wait). Absent: one turn of the event loop.
   */
  turn?(urgent: () => boolean): Promise<void>;
}

/** A point in the history of the data (the store's check change marker). */
export interface ChangeMarker {
  audit: number;
  document: number;
}

/** What the whole-collection findings add up to: stored with them. */
type CheckTotals = Pick<CheckReport, 'counts' | 'summary' | 'checked'>;

/** The store's copy of the last whole-collection computation (src/store/check-snapshots.ts). */
export interface StoredChecks {
  current(): Promise<(CheckTotals & { signature: string; generation: number }) | null>;
  page(
    generation: number,
    query: { kind?: string; after: number; limit: number },
  ): Promise<Array<{ rank: number; finding: CheckFinding }>>;
  rankOf(generation: number, id: string): Promise<number | null>;
  /** `turn`: awaited between two transactions (default: one turn of the event loop). */
  save(
    signature: string,
    findings: readonly CheckFinding[],
    totals: CheckTotals,
    state?: string,
    turn?: () => Promise<void>,
  ): Promise<void>;
  /** The state kept with a generation (what the next computation starts from), or null. */
  state?(generation: number): Promise<string | null>;
}

/**
 * The signature a computation is stored under: the store revision and the version of the checks (raise it when the
 * checks or their messages change, so that stored findings of an older release are computed again).
 */
const storedSignature = (signature: string): string => `checks 2|${signature}`;

/** Earlier versions read per profile, newest first: the changes and stale evidence of a long history stay bounded. */
const historyDepth = 20;
const factPage = 500;
/** Facts read at a time by the whole-collection computation (a page of 500 is tens of milliseconds of work). */
const backgroundFactPage = 100;
/** Documents read at most at a time by the whole-collection computation before it lets other work run. */
const readPart = 50;
/**
 * Milliseconds of reading a part of the documents should take: each part is sized from the pace of the one before
 * (one document at least), so that a slow machine or large documents make parts smaller rather than turns longer.
 */
const readBudgetMs = 8;
/** Actors listed at a time by the whole-collection computation (when the source lists pages). */
const listPart = 250;
/** Milliseconds of checking done at a time by the whole-collection computation before it lets other work run. */
const sliceMs = 4;
/** How long the request that starts the whole collection's computation waits for it before answering its progress. */
const computingWaitMs = 50;
/** Resolves after the event loop has run its pending I/O (timers, sockets): a turn of other work. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A function to await between pieces of work: it lets the event loop run once `budgetMs` have passed since it last did,
 * and ends the work with a CONFLICT once `stopped` answers true.
 */
function turnTaker(
  stopped: () => boolean,
  budgetMs = sliceMs,
  turn: () => Promise<void> = nextTurn,
): () => Promise<void> {
  let until = performance.now() + budgetMs;
  return async () => {
    if (stopped()) throw closing();
    if (performance.now() < until) return;
    await turn();
    if (stopped()) throw closing();
    until = performance.now() + budgetMs;
  };
}

const documentDate = (detail: ActorDetail): string | null =>
  detail.metadata.published ?? detail.metadata.asOf ?? detail.version.asOf ?? null;

const checkedOf = (detail: ActorDetail): CheckedProfile => ({
  actor: detail.id,
  actorName: detail.actor.name,
  version: detail.version.version,
  extraction: detail.extraction,
  date: documentDate(detail),
});

/**
 * checkedOf without the parts of the extraction no check reads (mentions, times, quantities, sections, interests): the
 * whole-collection computation holds every document in memory while it checks them, and the mentions alone are most
 * of a document (a smaller heap is shorter garbage collection pauses for the requests served meanwhile).
 */
const leanCheckedOf = (detail: ActorDetail): CheckedProfile => {
  const checked = checkedOf(detail);
  const extraction = { ...checked.extraction, mentions: [], times: [], quantities: [], sections: [], interests: [] };
  return { ...checked, extraction };
};

/** The order of the actor list (name, then id): the order the whole-collection checks read profiles and sources in. */
const listOrder = (a: { id: string; name: string }, b: { id: string; name: string }): number =>
  a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The earlier versions of an actor the checks read (at most historyDepth, before the latest). */
const earlierVersions = (a: { id: string; latestVersion: number }): { id: string; version: number }[] => {
  const from = Math.max(1, a.latestVersion - historyDepth);
  return Array.from({ length: a.latestVersion - from }, (_, i) => ({ id: a.id, version: from + i }));
};

/** A page of the whole collection's findings: `limit` (default 100) after `cursor` (the previous page's `next`). */
export interface CheckPageQuery {
  limit?: number;
  cursor?: string;
  kind?: CheckKind;
  /** Wait for the findings at the store's current revision rather than answer the previous ones marked stale. */
  fresh?: boolean;
}

const severityOrder: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };

/** The default locale's collation, as String.localeCompare without arguments has it (one collator, made once). */
const collator = new Intl.Collator();

/** The order of the findings (checkCollection sorts them so): the keyset of a page. */
const findingOrder = (a: CheckFinding, b: CheckFinding): number =>
  severityOrder[a.severity] - severityOrder[b.severity] ||
  collator.compare(a.actorName, b.actorName) ||
  a.evidence.version - b.evidence.version ||
  a.evidence.start - b.evidence.start ||
  collator.compare(a.id, b.id);

type FindingKey = Pick<CheckFinding, 'id' | 'severity' | 'actorName'> & {
  evidence: Pick<CheckFinding['evidence'], 'version' | 'start'>;
};

function encodeCheckCursor(f: CheckFinding): string {
  const key = [f.severity, f.actorName, f.evidence.version, f.evidence.start, f.id];
  return Buffer.from(`c:${JSON.stringify(key)}`, 'utf8').toString('base64url');
}

function decodeCheckCursor(cursor: string): FindingKey {
  const bad = () =>
    new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this listing', {
      expected: 'the `next` value of the previous page',
    });
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('c:')) throw bad();
  let key: unknown;
  try {
    key = JSON.parse(text.slice(2));
  } catch {
    throw bad();
  }
  if (!Array.isArray(key) || key.length !== 5) throw bad();
  const [severity, actorName, version, start, id] = key as unknown[];
  const parsed = CheckSeveritySchema.safeParse(severity);
  if (!parsed.success || typeof actorName !== 'string' || typeof id !== 'string') throw bad();
  if (typeof version !== 'number' || typeof start !== 'number') throw bad();
  return { severity: parsed.data, actorName, id, evidence: { version, start } };
}

/** The index of the first finding after `key` in a list sorted by findingOrder (binary search). */
function indexAfter(findings: CheckFinding[], key: FindingKey): number {
  let lo = 0;
  let hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (findingOrder(findings[mid]!, key as CheckFinding) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The whole collection's findings and what was read for them; `state` (when the source tells changes): the marker of
 * the data they were computed over and each actor's share of `checked`, from which the next computation is made by
 * computing again only the actors a write can have changed the findings of.
 */
type CollectionResult = {
  findings: CheckFinding[];
  checked: CheckScope;
  state?: { marker: ChangeMarker; scopes: Map<string, CheckScope> };
};

/** The counts and summary of a whole collection's findings, made once per list of findings (not once per page). */
const totalsByFindings = new WeakMap<CheckFinding[], Pick<CheckReport, 'counts' | 'summary'>>();
function totalsOf(findings: CheckFinding[]): Pick<CheckReport, 'counts' | 'summary'> {
  let totals = totalsByFindings.get(findings);
  if (!totals)
    totalsByFindings.set(
      findings,
      (totals = { counts: countFindings(findings), summary: summariseFindings(findings) }),
    );
  return totals;
}

/** More actors than this to compute again after writes: the whole collection is checked again instead. */
const maxIncrementalActors = 400;

export class ReferenceChecks {
  /** The newest whole-collection computation started (running or done); one runs at a time. */
  private cached: { signature: string; result: Promise<CollectionResult> } | undefined;
  /** The newest whole-collection result computed, served (marked stale) while the next one is computed. */
  private settled: { signature: string; result: CollectionResult } | undefined;
  /** Settles when the whole-collection computation under way (if any) has finished. */
  private running: Promise<void> | undefined;
  /** The stored findings written so far (one write at a time, in the order computed). */
  private persisting: Promise<void> = Promise.resolve();
  /** Whether the store held findings of an earlier computation when first asked (then writes start the next one). */
  private storedSeen = false;
  /** Whether the findings were asked to be kept up to date from the start (prepare: a server) rather than on demand. */
  private prepared = false;
  /** Set when the Dossier closes: no computation starts, and one under way stops at its next read. */
  private stopped = false;
  /** How far the from-scratch computation under way (if any) has come: documents read of those to read. */
  private progress: CheckProgress | undefined;
  /** Callers waiting for a computation now (a `fresh` page, a report, shutdown): it yields to nothing then. */
  private waiters = 0;
  /** Awaited between slices of background work: the source's turn (yields to the requests served), else one turn. */
  private readonly turn = (): Promise<void> =>
    this.source.turn ? this.source.turn(() => this.waiters > 0 || this.stopped) : nextTurn();

  constructor(
    private readonly source: CheckSource,
    private readonly reference: () => Pick<ReferenceData, 'countries'> &
      Partial<Pick<ReferenceData, 'gazetteer'>> = bundledReferenceData,
  ) {}

  /** Awaits `work` as a caller of the computation: the background work it waits for does not yield meanwhile. */
  private async waitFor<T>(work: Promise<T>): Promise<T> {
    this.waiters++;
    try {
      return await work;
    } finally {
      this.waiters--;
    }
  }

  /**
   * Findings over the collection; only those about `actor` when given. With `actor`, and a source that knows the
   * documents around it, only those documents are read (`checked` then describes them); otherwise the whole
   * collection is checked (and `checked` describes it).
   */
  async report(actor?: string): Promise<CheckReport> {
    if (actor !== undefined && this.source.checkNeighbourhood) return this.actorReport(actor);
    const { findings: all, checked } = await this.all(actor);
    const findings = actor === undefined ? all : all.filter((f) => f.actor === actor);
    return { findings, counts: countFindings(findings), summary: summariseFindings(findings), checked, next: null };
  }

  /**
   * A page of the whole collection's findings (of one kind, when given) in their order, with the counts and summary
   * of all of them; `next` is the cursor of the following page (null on the last).
   */
  async page(query: CheckPageQuery = {}): Promise<CheckReport> {
    const limit = query.limit ?? 100;
    const stored = await this.storedPage(query, limit);
    if (stored) return stored;
    const computing = query.fresh === true ? null : await this.computingPage();
    if (computing) return computing;
    const { result, stale } = await this.latestOrStale(query.fresh === true);
    const { findings: all, checked } = result;
    const ofKind = query.kind === undefined ? all : all.filter((f) => f.kind === query.kind);
    const from = query.cursor === undefined ? 0 : indexAfter(ofKind, decodeCheckCursor(query.cursor));
    const findings = ofKind.slice(from, from + limit);
    const next = from + limit < ofKind.length && findings.length > 0 ? encodeCheckCursor(findings.at(-1)!) : null;
    const report = { findings, ...totalsOf(all), checked, next };
    return stale ? { ...report, stale: true, ...this.computingNow() } : report;
  }

  /**
   * When no findings of the whole collection are known, neither here nor in the store (a collection nobody asked the
   * checks of yet): starts computing them in the background and, unless they are done within a moment (a small
   * collection), answers at once with none and how far the computation has come. Null: findings are known.
   */
  private async computingPage(): Promise<CheckReport | null> {
    if (!this.source.revision || this.settled) return null;
    const signature = `revision ${await this.source.revision()}`;
    const starting = this.cached?.signature !== signature;
    this.warm(signature);
    if (starting && this.cached) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, computingWaitMs)));
      await this.waitFor(Promise.race([this.cached.result.catch(() => undefined), waited]));
      clearTimeout(timer);
    }
    if (this.settled) return null;
    const none: CheckFinding[] = [];
    return {
      findings: none,
      counts: countFindings(none),
      summary: summariseFindings(none),
      checked: emptyScope(),
      next: null,
      computing: { ...(this.progress ?? { checked: 0, of: 0 }) },
    };
  }

  /** `computing` with the progress of the from-scratch computation under way, if any. */
  private computingNow(): { computing?: CheckProgress } {
    return this.progress ? { computing: { ...this.progress } } : {};
  }

  /**
   * A page of the findings kept in the store, when they answer the query: computed at the store's revision, or (not
   * `fresh`, nothing computed in this process yet) at an earlier one, answered `stale` while the current ones are
   * computed. Null: answered from memory (latestOrStale). A page reads `limit` stored rows by rank.
   */
  private async storedPage(query: CheckPageQuery, limit: number): Promise<CheckReport | null> {
    const snapshots = this.source.snapshots;
    if (!snapshots || !this.source.revision) return null;
    const [snapshot, revision] = await Promise.all([snapshots.current(), this.source.revision()]);
    if (!snapshot) return null;
    this.storedSeen = true;
    const signature = `revision ${revision}`;
    const stale = snapshot.signature !== storedSignature(signature);
    if (stale && (query.fresh === true || this.settled)) return null;
    if (stale) this.warm(signature);
    const { generation, counts, summary, checked } = snapshot;
    const after = query.cursor === undefined ? -1 : await this.storedRankAfter(generation, query, query.cursor);
    const rows = await snapshots.page(generation, { kind: query.kind, after, limit: limit + 1 });
    const findings = rows.slice(0, limit).map((row) => row.finding);
    const next = rows.length > limit ? encodeCheckCursor(findings.at(-1)!) : null;
    const report = { findings, counts, summary, checked, next };
    return stale ? { ...report, stale: true, ...this.computingNow() } : report;
  }

  /**
   * The rank after which the page of `cursor` begins: that of the finding it names, else (a finding no longer there)
   * found by its sort key among the stored findings of the kind.
   */
  private async storedRankAfter(generation: number, query: CheckPageQuery, cursor: string): Promise<number> {
    const snapshots = this.source.snapshots!;
    const key = decodeCheckCursor(cursor);
    const rank = await snapshots.rankOf(generation, key.id);
    if (rank !== null) {
      const [row] = await snapshots.page(generation, { after: rank - 1, limit: 1 });
      if (row && findingOrder(row.finding, key as CheckFinding) === 0) return rank;
    }
    const all = await snapshots.page(generation, { kind: query.kind, after: -1, limit: Number.MAX_SAFE_INTEGER });
    const index = indexAfter(
      all.map((row) => row.finding),
      key,
    );
    return index === 0 ? -1 : all[index - 1]!.rank;
  }

  /**
   * The whole collection's findings at the store's revision; unless `fresh`, while that revision's are computed (in
   * the background, one computation at a time) the previous revision's, marked stale, rather than waiting.
   */
  private async latestOrStale(fresh: boolean): Promise<{ result: CollectionResult; stale: boolean }> {
    if (!this.source.revision || fresh || !this.settled) return { result: await this.all(), stale: false };
    const signature = `revision ${await this.source.revision()}`;
    const settled = this.settled;
    if (settled.signature === signature) return { result: settled.result, stale: false };
    this.warm(signature);
    return { result: settled.result, stale: true };
  }

  /** Starts computing the whole collection's findings at `signature` (the store revision) unless under way. */
  private warm(signature: string): void {
    if (this.stopped) return;
    if (this.cached?.signature === signature) return;
    this.cachedResult(signature, () => this.update()).catch(() => undefined);
  }

  /**
   * The whole collection's findings now: the last ones computed with those of the actors written since (and of the
   * actors their claims take part in the findings of) computed again, else all computed from scratch.
   */
  private async update(): Promise<CollectionResult> {
    const previous = this.settled?.result ?? (await this.storedResult().catch(() => null));
    const next = previous ? await this.incremental(previous) : null;
    if (next) return next;
    const [actors, sources] = await this.lists();
    return this.compute(actors, sources);
  }

  /**
   * The last computation kept in the store with its state (after a restart), read a page at a time; null when there
   * is none, or it was made by other checks (an older release).
   */
  private async storedResult(): Promise<CollectionResult | null> {
    const snapshots = this.source.snapshots;
    const snapshot = await snapshots?.current();
    if (!snapshots?.state || !snapshot?.signature.startsWith(storedSignature(''))) return null;
    const kept = await snapshots.state(snapshot.generation);
    if (kept === null) return null;
    const state = JSON.parse(kept) as { marker: ChangeMarker; scopes: Array<[string, CheckScope]> };
    const findings: CheckFinding[] = [];
    for (let after = -1; ;) {
      await this.turn();
      const rows = await snapshots.page(snapshot.generation, { after, limit: 500 });
      for (const row of rows) findings.push(row.finding);
      if (rows.length < 500) break;
      after = rows.at(-1)!.rank;
    }
    return { findings, checked: snapshot.checked, state: { marker: state.marker, scopes: new Map(state.scopes) } };
  }

  /**
   * `previous` with the findings of the actors a write since can have changed computed again, one actor at a time
   * (each a few indexed reads and a check of its claims): the actors written, those whose findings quote one of their
   * claims, and those whose claims theirs now contradict. Null: computed from scratch instead (the changes cannot be
   * told, or are too many).
   */
  private async incremental(previous: CollectionResult): Promise<CollectionResult | null> {
    const { checkChanges, checkPartners, checkNeighbourhood } = this.source;
    if (!previous.state || !checkChanges || !checkPartners || !checkNeighbourhood) return null;
    const { marker, actors } = await checkChanges(previous.state.marker);
    if (actors === null || actors.length > maxIncrementalActors) return null;
    const touched = new Set(actors);
    const affected = new Set(actors);
    for (const finding of previous.findings)
      if (finding.related.some((related) => touched.has(related.actor))) affected.add(finding.actor);
    for (const actor of actors) {
      await this.turn();
      for (const partner of await checkPartners(actor)) affected.add(partner);
      if (affected.size > maxIncrementalActors) return null;
    }
    const scopes = new Map(previous.state.scopes);
    const [before, after]: [CheckScope[], CheckScope[]] = [[], []];
    const fresh: CheckFinding[] = [];
    for (const actor of affected) {
      await this.turn();
      const share = (await this.profileShare(actor, this.turn)) ?? (await this.sourceShare(actor));
      const old = scopes.get(actor);
      if (old) before.push(old);
      if (share) {
        fresh.push(...share.findings);
        after.push(share.own);
        scopes.set(actor, share.own);
      } else scopes.delete(actor);
    }
    await this.turn();
    const findings = previous.findings.filter((finding) => !affected.has(finding.actor));
    for (const finding of fresh) findings.splice(indexAfter(findings, finding), 0, finding);
    return { findings, checked: adjustScope(previous.checked, before, after), state: { marker, scopes } };
  }

  /**
   * Computes the whole collection's findings at the store's current revision in the background (after a write), so
   * that the next list request does not wait for them.
   */
  async refresh(): Promise<void> {
    // Once the list has been asked for (or a server prepared it): a Dossier whose checks nobody reads computes none.
    if (this.source.revision && (this.settled || this.storedSeen || this.prepared))
      this.warm(`revision ${await this.source.revision()}`);
  }

  /**
   * Starts computing the whole collection's findings in the background unless the store keeps them at its current
   * revision, and keeps them up to date after each write from then on: a server calls it when it starts, so that
   * the checks page of a freshly ingested collection rarely has to wait for them.
   */
  async prepare(): Promise<void> {
    this.prepared = true;
    if (!this.source.revision) return;
    const [snapshot, revision] = await Promise.all([this.source.snapshots?.current(), this.source.revision()]);
    const signature = `revision ${revision}`;
    if (snapshot) this.storedSeen = true;
    if (snapshot?.signature !== storedSignature(signature)) this.warm(signature);
  }

  /**
   * Before the Dossier closes its store: starts no more computations, stops the one under way at its next read and
   * waits for it and for the findings being written (a read after the store closed would fail in the background).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settledComputation();
  }

  /** Resolves when the whole-collection computation under way (if any) has finished: for tests and shutdown. */
  async settledComputation(): Promise<void> {
    await this.waitFor<unknown>(this.cached?.result.catch(() => undefined) ?? Promise.resolve());
    await this.waitFor(this.persisting);
  }

  /**
   * Keeps a computation at a store revision in the store (after the one being written, if any), for the next start;
   * a store that cannot be written (read-only) keeps none.
   */
  private persist(signature: string, result: CollectionResult): void {
    const snapshots = this.source.snapshots;
    if (!snapshots || !signature.startsWith('revision ')) return;
    const { findings, checked, state } = result;
    // Each a turn of its own (tens of milliseconds over a large collection's findings), after the computation's last.
    this.persisting = this.persisting
      .then(async () => {
        await this.turn();
        const totals = { ...totalsOf(findings), checked };
        await this.turn();
        const kept = state && JSON.stringify({ marker: state.marker, scopes: [...state.scopes] });
        await snapshots.save(storedSignature(signature), findings, totals, kept, this.turn);
      })
      .catch(() => undefined);
  }

  /** One profile's findings from its versions and the claims of other documents that can take part in them. */
  private async actorReport(actor: string): Promise<CheckReport> {
    const share = await this.profileShare(actor);
    if (!share)
      throw new DossierError('NOT_FOUND', `no actor "${actor}"`, { expected: 'an actor id from /api/actors' });
    const { findings, checked } = share;
    return { findings, counts: countFindings(findings), summary: summariseFindings(findings), checked, next: null };
  }

  /**
   * One profile's findings, what was read for them, and its own share of the whole collection's `checked`; null when
   * no profile has that id. `turn` is awaited between versions' facts: the background's (which waits for a moment
   * without requests) in background work, one turn of the event loop for a request, which is itself in flight (it
   * waited for its own end: 1 s, the background's longest wait, for each earlier version of the profile).
   */
  private async profileShare(
    actor: string,
    turn: () => Promise<void> = nextTurn,
  ): Promise<{ findings: CheckFinding[]; checked: CheckScope; own: CheckScope } | null> {
    const around = await this.source.checkNeighbourhood!(actor);
    if (!around) return null;
    const earlierRefs = earlierVersions(around.actor);
    const [[latest], history, confirmedFacts] = await Promise.all([
      this.read([{ id: actor, version: around.actor.latestVersion }]),
      this.read(earlierRefs),
      this.confirmedFactsOf(earlierRefs, turn),
    ]);
    const others = partialDocuments(around);
    const document = checkedOf(latest!);
    const own = { ...document, listName: around.actor.name };
    const profiles = [own, ...others.profiles].sort((a, b) =>
      listOrder({ id: a.actor, name: a.listName }, { id: b.actor, name: b.listName }),
    );
    const reference = this.reference();
    const { findings, checked } = checkCollection(profiles, reference, {
      history: history.map(checkedOf),
      sources: others.sources,
      confirmedFacts,
      entityNames: around.entityNames,
      only: actor,
    });
    const read = { history: history.length, confirmedFacts: confirmedFacts.length };
    return { findings, checked, own: documentScope(document, 'profile', reference, read) };
  }

  /** A source's findings (its events dated after the death of a party) and its share of `checked`; null: none. */
  private async sourceShare(actor: string): Promise<{ findings: CheckFinding[]; own: CheckScope } | null> {
    const [detail] = await this.read([{ id: actor }]);
    if (!detail || detail.extraction.kind !== 'source') return null;
    const document = checkedOf(detail);
    const reference = this.reference();
    const { findings } = checkCollection([], reference, { sources: [document], only: actor });
    return { findings, own: documentScope(document, 'source', reference) };
  }

  private async all(actor?: string): Promise<{ findings: CheckFinding[]; checked: CheckScope }> {
    // Reviews change an extraction without a new version: the store revision covers them (and every other write).
    const known = (actors: ActorSummary[]) => {
      if (actor !== undefined && !actors.some((a) => a.id === actor))
        throw new DossierError('NOT_FOUND', `no actor "${actor}"`, { expected: 'an actor id from /api/actors' });
    };
    if (this.source.revision) {
      if (actor !== undefined) known(await this.source.listActors());
      const signature = `revision ${await this.source.revision()}`;
      return this.waitFor(this.cachedResult(signature, () => this.update()));
    }
    const [actors, sources] = await this.lists();
    known(actors);
    const versions = (list: ActorSummary[]) =>
      list
        .map((a) => `${a.id}@${a.latestVersion}`)
        .sort()
        .join(',');
    const signature = `${versions(actors)}|${versions(sources)}`;
    return this.waitFor(this.cachedResult(signature, () => this.compute(actors, sources)));
  }

  /**
   * The profiles and the sources in the actor list's order; a page at a time (letting the event loop run between
   * pages) when the source reads pages: listing a large collection at once would hold back the requests served
   * meanwhile.
   */
  private async lists(): Promise<[ActorSummary[], ActorSummary[]]> {
    const listPage = this.source.listActorPage;
    if (!listPage)
      return Promise.all([
        this.source.listActors(),
        this.source.listSources ? this.source.listSources() : Promise.resolve([]),
      ]);
    const all = async (kind: 'profile' | 'source'): Promise<ActorSummary[]> => {
      const actors: ActorSummary[] = [];
      for (let after: string | undefined; ;) {
        await this.turn();
        if (this.stopped) throw closing();
        const page = await listPage({ kind, limit: listPart, ...(after === undefined ? {} : { after }) });
        actors.push(...page.actors);
        if (page.next === null) return actors.sort(listOrder);
        after = page.next;
      }
    };
    const profiles = await all('profile');
    return [profiles, this.source.listSources ? await all('source') : []];
  }

  /**
   * The result at `signature`: the one computed or under way, else a new computation. One runs at a time: a new one
   * waits for the one under way; one still waiting when a newer is asked for gives way to it (and answers its result).
   */
  private cachedResult(signature: string, compute: () => Promise<CollectionResult>): Promise<CollectionResult> {
    if (this.cached?.signature === signature) return this.cached.result;
    const entry = { signature } as { signature: string; result: Promise<CollectionResult> };
    entry.result = (async () => {
      await Promise.resolve(); // `cached` is set before this goes on
      while (this.running) await this.running;
      if (this.cached && this.cached !== entry) return this.cached.result;
      const computation = compute();
      const done = computation.then(
        () => undefined,
        () => undefined,
      );
      this.running = done;
      void done.then(() => {
        if (this.running === done) this.running = undefined;
      });
      const value = await computation;
      this.settled = { signature, result: value };
      this.persist(signature, value);
      return value;
    })();
    this.cached = entry;
    entry.result.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.result;
  }

  private async read(refs: { id: string; version?: number }[]): Promise<ActorDetail[]> {
    if (this.stopped) throw closing();
    if (refs.length === 0) return [];
    if (this.source.getActors) return this.source.getActors(refs);
    const details: ActorDetail[] = [];
    for (const ref of refs) details.push(await this.source.getActor(ref.id, ref.version));
    return details;
  }

  /** A version's confirmed and edited facts, `limit` at a time (awaiting `turn`, when given, before each page). */
  private async confirmedFacts(
    actor: string,
    version: number,
    turn?: () => Promise<void>,
    limit = factPage,
  ): Promise<Fact[]> {
    const facts: Fact[] = [];
    for (const status of ['confirmed', 'edited'] as const) {
      for (let offset = 0; ; offset += limit) {
        await turn?.();
        const page = await this.source.listFacts!({ actor, version, status, limit, offset });
        facts.push(...page.facts);
        if (page.facts.length < limit || offset + limit >= page.total) break;
      }
    }
    return facts;
  }

  /** The confirmed and edited facts of versions, awaiting `turn` between versions once a slice's time is spent. */
  private async confirmedFactsOf(
    refs: { id: string; version: number }[],
    between: () => Promise<void>,
  ): Promise<Fact[]> {
    const facts: Fact[] = [];
    if (!this.source.listFacts) return facts;
    // The event loop runs between versions once a slice's time is spent: a version's facts are a few reads.
    const turn = turnTaker(() => this.stopped, sliceMs, between);
    for (const ref of refs) facts.push(...(await this.confirmedFacts(ref.id, ref.version, turn, backgroundFactPage)));
    return facts;
  }

  /**
   * Reads documents (leanCheckedOf) a part at a time, letting the event loop run between parts: a computation in the
   * background (after a write, or over stored findings of an earlier revision) does not hold back the requests served
   * meanwhile.
   * Each part is sized to take about readBudgetMs at the pace of the previous one (from one document, at most
   * doubling, at most readPart).
   */
  private async readInParts(
    refs: { id: string; version?: number }[],
    progress: CheckProgress,
  ): Promise<CheckedProfile[]> {
    const details: CheckedProfile[] = [];
    let size = 1;
    for (let from = 0; from < refs.length;) {
      await this.turn();
      const part = refs.slice(from, from + size);
      const began = performance.now();
      for (const detail of await this.read(part)) details.push(leanCheckedOf(detail));
      const took = Math.max(performance.now() - began, 0.01);
      from += part.length;
      progress.checked += part.length;
      const paced = Math.floor((part.length * readBudgetMs) / took);
      size = Math.max(1, Math.min(2 * part.length, readPart, paced));
    }
    return details;
  }

  /** The whole collection's findings from scratch, telling how far it has come (`progress`) meanwhile. */
  private async compute(actors: ActorSummary[], sources: ActorSummary[]): Promise<CollectionResult> {
    const earlierRefs = actors.flatMap(earlierVersions);
    const progress = { checked: 0, of: actors.length + earlierRefs.length + sources.length };
    this.progress = progress;
    try {
      return await this.computeFromScratch(actors, earlierRefs, sources, progress);
    } finally {
      if (this.progress === progress) this.progress = undefined;
    }
  }

  private async computeFromScratch(
    actors: ActorSummary[],
    earlierRefs: { id: string; version: number }[],
    sources: ActorSummary[],
    progress: CheckProgress,
  ): Promise<CollectionResult> {
    // The marker first: a write landing while the documents are read is computed again the next time.
    const changes = this.source.checkChanges ? await this.source.checkChanges(null) : undefined;
    const profiles = await this.readInParts(
      actors.map((a) => ({ id: a.id, version: a.latestVersion })),
      progress,
    );
    const history = await this.readInParts(earlierRefs, progress);
    const sourceDocuments = await this.readInParts(
      sources.map((s) => ({ id: s.id, version: s.latestVersion })),
      progress,
    );
    const confirmedFacts = await this.confirmedFactsOf(earlierRefs, this.turn);
    await this.turn();
    const reference = this.reference();
    const stopped = () => this.stopped;
    const result = await checkCollectionInSlices(
      profiles,
      reference,
      { history, sources: sourceDocuments, confirmedFacts },
      stopped,
      this.turn,
    );
    if (!changes) return result;
    const count = <T>(items: T[], keyOf: (item: T) => string) => {
      const counts = new Map<string, number>();
      for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
      return counts;
    };
    const [historyOf, factsOf] = [count(history, (d) => d.actor), count(confirmedFacts, (f) => f.actor)];
    const scopes = new Map<string, CheckScope>();
    const turn = turnTaker(stopped, sliceMs, this.turn);
    for (const document of profiles) {
      await turn();
      const read = { history: historyOf.get(document.actor) ?? 0, confirmedFacts: factsOf.get(document.actor) ?? 0 };
      scopes.set(document.actor, documentScope(document, 'profile', reference, read));
    }
    for (const document of sourceDocuments) {
      await turn();
      scopes.set(document.actor, documentScope(document, 'source', reference));
    }
    return { ...result, state: { marker: changes.marker, scopes } };
  }
}

const checksBySource = new WeakMap<object, ReferenceChecks>();

/** What referenceChecksFor needs of a Dossier: its reads, and (when there) its store and review desk. */
export type CheckedDossier = CheckSource & {
  store?: {
    revision(): Promise<string>;
    getActors?(refs: readonly { id: string; version?: number }[]): Promise<ActorDetail[]>;
    checkNeighbourhood?(actor: string): Promise<CheckNeighbourhoodRows | null>;
    checkSnapshots?: StoredChecks;
    checkChanges?: CheckSource['checkChanges'];
    checkPartners?(actor: string): Promise<string[]>;
    listActorPage?: CheckSource['listActorPage'];
  };
  review?: { listFacts(query: FactQuery): Promise<FactPage> };
  /** Ingests through the core: each new document or version starts the next whole-collection computation. */
  onIngestDone?(listener: (event: { outcome: string }) => void): () => void;
  /** Work to end before the store closes: the checks' computation under way. */
  onClose?(hook: () => Promise<void>): void;
  /** The requests being served: the computation in the background yields to them. */
  foreground?: { turn(urgent: () => boolean): Promise<void> };
};

/** The one ReferenceChecks (and cache) of a Dossier, shared by the API routes. */
export function referenceChecksFor(dossier: CheckedDossier): ReferenceChecks {
  let checks = checksBySource.get(dossier);
  if (!checks) {
    const { store, review } = dossier;
    checks = new ReferenceChecks({
      listActors: () => dossier.listActors(),
      getActor: (id, version) => dossier.getActor(id, version),
      revision: dossier.revision ? () => dossier.revision!() : store ? () => store.revision() : undefined,
      listSources: dossier.listSources ? () => dossier.listSources!() : undefined,
      getActors: store?.getActors ? (refs) => store.getActors!(refs) : undefined,
      listFacts: review ? (query) => review.listFacts(query) : undefined,
      checkNeighbourhood: store?.checkNeighbourhood ? (actor) => store.checkNeighbourhood!(actor) : undefined,
      snapshots: store?.checkSnapshots,
      checkChanges: store?.checkChanges ? (since) => store.checkChanges!(since) : undefined,
      checkPartners: store?.checkPartners ? (actor) => store.checkPartners!(actor) : undefined,
      listActorPage: store?.listActorPage ? (query) => store.listActorPage!(query) : undefined,
      turn: dossier.foreground ? (urgent) => dossier.foreground!.turn(urgent) : undefined,
    });
    checksBySource.set(dossier, checks);
    const warmed = checks;
    dossier.onClose?.(() => warmed.stop());
    dossier.onIngestDone?.((event) => {
      if (event.outcome === 'created' || event.outcome === 'new-version') void warmed.refresh().catch(() => undefined);
    });
  }
  return checks;
}

/** The event type with its indefinite article: "an attack", "an agreement", "a visit" (the types are English words). */
function withArticle(eventType: string): string {
  return `${/^[aeiou]/i.test(eventType) ? 'an' : 'a'} ${eventType}`;
}
