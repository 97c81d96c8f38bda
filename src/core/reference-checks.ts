// Checks of extracted claims (product capability 3): border claims between two countries are
// checked against the country data (world-countries `borders`), and claims that contradict
// each other across profiles are flagged: the same relation asserted in one profile and denied
// in another, and the same event (type, place and participants) dated incompatibly. Every
// finding names the actor whose claim it concerns and carries the evidence sentence. The
// checks run over the latest version of every actor and are cached until the store changes.
import { z } from 'zod';
import {
  DossierError,
  edtfBounds,
  type ActorDetail,
  type ActorSummary,
  type CountryRecord,
  type Event,
  type Extraction,
  type ReferenceData,
  type Relation,
} from '../model/index.js';
import { EvidenceSentenceSchema, type EvidenceSentence } from './collection-views.js';
import { bundledReferenceData } from './profile-pipeline.js';

export const checkKinds = ['contradicts-reference', 'confirmed-by-reference', 'contradicts-profile', 'conflicting-dates'] as const;
export const CheckKindSchema = z.enum(checkKinds);
export type CheckKind = z.infer<typeof CheckKindSchema>;

/** `error`: the text contradicts the reference data; `warning`: profiles disagree; `info`: confirmed. */
export const CheckSeveritySchema = z.enum(['error', 'warning', 'info']);
export type CheckSeverity = z.infer<typeof CheckSeveritySchema>;

/** A sentence of another profile, with that actor's name. */
export const RelatedSentenceSchema = EvidenceSentenceSchema.extend({ actorName: z.string() }).meta({ id: 'RelatedSentence' });
export type RelatedSentence = z.infer<typeof RelatedSentenceSchema>;

export const CheckFindingSchema = z
  .object({
    /** Stable within one state of the knowledge base: kind, actor, evidence start and claim. */
    id: z.string(),
    /** The actor whose profile makes the checked claim. */
    actor: z.string(),
    actorName: z.string(),
    kind: CheckKindSchema,
    severity: CheckSeveritySchema,
    /** The claim as a reader would state it ("Kazakhstan does not border Afghanistan"). */
    claim: z.string(),
    message: z.string(),
    /** The sentence of this actor's profile that makes the claim. */
    evidence: EvidenceSentenceSchema,
    /** Sentences of other profiles that the claim contradicts (empty for reference checks). */
    related: z.array(RelatedSentenceSchema),
    /** What the reference data says, for reference checks; null otherwise. */
    reference: z.string().nullable(),
  })
  .meta({ id: 'CheckFinding' });
export type CheckFinding = z.infer<typeof CheckFindingSchema>;

export const CheckReportSchema = z
  .object({
    findings: z.array(CheckFindingSchema),
    counts: z.object({
      contradictsReference: z.number().int().nonnegative(),
      confirmedByReference: z.number().int().nonnegative(),
      contradictsProfile: z.number().int().nonnegative(),
      conflictingDates: z.number().int().nonnegative(),
    }),
  })
  .meta({ id: 'CheckReport' });
export type CheckReport = z.infer<typeof CheckReportSchema>;

/** One profile as the checker reads it: the actor and the extraction of one version. */
export interface CheckedProfile {
  actor: string;
  actorName: string;
  version: number;
  extraction: Extraction;
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

function evidenceSentence(profile: CheckedProfile, span: { start: number; end: number }): EvidenceSentence {
  const x = profile.extraction;
  const sentence = x.sentences.find((s) => span.start >= s.start && span.start < s.end);
  const { start, end } = sentence ?? span;
  return { actor: profile.actor, version: profile.version, start, end, text: x.text.slice(start, end) };
}

interface Claim {
  profile: CheckedProfile;
  relation: Relation;
  evidence: EvidenceSentence;
}

/** Runs every check over the profiles (one version per actor) with the given country data. */
export function checkProfiles(profiles: CheckedProfile[], reference: Pick<ReferenceData, 'countries'>): CheckFinding[] {
  const countries = new Map<string, CountryRecord>(reference.countries.map((c) => [c.id, c]));
  const names = new Map<string, string>();
  for (const profile of profiles) for (const entity of profile.extraction.entities) if (!names.has(entity.id)) names.set(entity.id, entity.name);
  for (const country of countries.values()) names.set(country.id, country.name);
  const nameOf = (id: string) => names.get(id) ?? id;
  const claimText = (r: Pick<Relation, 'subject' | 'predicate' | 'object' | 'negated'>) =>
    `${nameOf(r.subject)} ${predicatePhrases[r.predicate][r.negated ? 1 : 0]} ${nameOf(r.object)}`;

  const findings = new Map<string, CheckFinding>();
  const add = (finding: Omit<CheckFinding, 'id'>, key: string) => {
    const id = `${finding.kind}:${finding.actor}:${finding.evidence.start}:${key}`;
    if (!findings.has(id)) findings.set(id, { id, ...finding });
  };

  const claims: Claim[] = profiles.flatMap((profile) =>
    profile.extraction.relations.map((relation) => ({ profile, relation, evidence: evidenceSentence(profile, relation.evidence) })),
  );

  // 1. Border claims between two countries against the country data.
  for (const { profile, relation, evidence } of claims) {
    if (relation.predicate !== 'borders' || relation.subject === relation.object) continue;
    const a = countries.get(relation.subject);
    const b = countries.get(relation.object);
    if (!a || !b) continue;
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

  // 2. The same relation asserted in one profile and denied in another.
  const byClaim = new Map<string, Claim[]>();
  for (const claim of claims) {
    const { subject, predicate, object } = claim.relation;
    const ends = symmetricPredicates.has(predicate) ? [subject, object].sort() : [subject, object];
    const key = `${ends[0]}|${predicate}|${ends[1]}`;
    byClaim.set(key, [...(byClaim.get(key) ?? []), claim]);
  }
  for (const [key, group] of byClaim) {
    for (const claim of group) {
      const opposite = group.filter((other) => other.profile.actor !== claim.profile.actor && other.relation.negated !== claim.relation.negated);
      if (opposite.length === 0) continue;
      const others = [...new Set(opposite.map((o) => o.profile.actorName))];
      add(
        {
          actor: claim.profile.actor,
          actorName: claim.profile.actorName,
          kind: 'contradicts-profile',
          severity: 'warning',
          claim: claimText(claim.relation),
          message: `This profile says “${claimText(claim.relation)}”; the ${listNames(others)} profile${others.length > 1 ? 's say' : ' says'} the opposite (“${claimText(opposite[0]!.relation)}”).`,
          evidence: claim.evidence,
          related: opposite.map((o) => ({ ...o.evidence, actorName: o.profile.actorName })),
          reference: null,
        },
        `${key}|${claim.relation.negated ? 'not' : 'is'}`,
      );
    }
  }

  // 3. The same event (type, place, participants) dated incompatibly in two profiles.
  interface DatedEvent {
    profile: CheckedProfile;
    event: Event & { date: string };
    earliest: string;
    latest: string;
    evidence: EvidenceSentence;
  }
  const byEvent = new Map<string, DatedEvent[]>();
  for (const profile of profiles) {
    for (const event of profile.extraction.events) {
      // Only events pinned down well enough to be recognised in another profile.
      if (!event.date || !event.place || new Set(event.actors).size < 2) continue;
      const { earliest, latest } = edtfBounds(event.date);
      if (!earliest || !latest) continue;
      const key = `${event.type}|${event.place}|${[...new Set(event.actors)].sort().join(',')}`;
      const dated: DatedEvent = { profile, event: { ...event, date: event.date }, earliest, latest, evidence: evidenceSentence(profile, event.evidence) };
      byEvent.set(key, [...(byEvent.get(key) ?? []), dated]);
    }
  }
  for (const [key, group] of byEvent) {
    for (const item of group) {
      const disjoint = group.filter((other) => other.profile.actor !== item.profile.actor && (other.latest < item.earliest || other.earliest > item.latest));
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
          message: `This profile dates the ${type} in ${nameOf(place!)} by ${who} ${date}; other profiles give dates that do not overlap (${others.join('; ')}). They may describe the same event or two different ones.`,
          evidence: item.evidence,
          related: disjoint.map((d) => ({ ...d.evidence, actorName: d.profile.actorName })),
          reference: null,
        },
        `${key}|${date}`,
      );
    }
  }

  const order: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };
  return [...findings.values()].sort(
    (a, b) => order[a.severity] - order[b.severity] || a.actorName.localeCompare(b.actorName) || a.evidence.start - b.evidence.start || a.id.localeCompare(b.id),
  );
}

export function countFindings(findings: CheckFinding[]): CheckReport['counts'] {
  const count = (kind: CheckKind) => findings.filter((f) => f.kind === kind).length;
  return {
    contradictsReference: count('contradicts-reference'),
    confirmedByReference: count('confirmed-by-reference'),
    contradictsProfile: count('contradicts-profile'),
    conflictingDates: count('conflicting-dates'),
  };
}

// ---------------------------------------------------------------------------------------------

/** What the checks need of the Dossier facade; `revision` (when given) invalidates the cache on any write. */
export interface CheckSource {
  listActors(): Promise<ActorSummary[]>;
  getActor(id: string, version?: number): Promise<ActorDetail>;
  revision?(): Promise<string>;
}

export class ReferenceChecks {
  private cached: { signature: string; findings: Promise<CheckFinding[]> } | undefined;

  constructor(
    private readonly source: CheckSource,
    private readonly reference: () => Pick<ReferenceData, 'countries'> = bundledReferenceData,
  ) {}

  /** Findings over the latest version of every actor; only those about `actor` when given. */
  async report(actor?: string): Promise<CheckReport> {
    const all = await this.all(actor);
    const findings = actor === undefined ? all : all.filter((f) => f.actor === actor);
    return { findings, counts: countFindings(findings) };
  }

  private async all(actor?: string): Promise<CheckFinding[]> {
    const actors = await this.source.listActors();
    if (actor !== undefined && !actors.some((a) => a.id === actor)) {
      throw new DossierError('NOT_FOUND', `no actor "${actor}"`, { expected: 'an actor id from /api/actors' });
    }
    // Reviews change an extraction without a new version: the store revision covers them.
    const revision = this.source.revision ? await this.source.revision() : '';
    const signature = `${revision}|${actors.map((a) => `${a.id}@${a.latestVersion}`).sort().join(',')}`;
    if (!this.cached || this.cached.signature !== signature) {
      const findings = this.compute(actors);
      this.cached = { signature, findings };
      findings.catch(() => {
        if (this.cached?.findings === findings) this.cached = undefined;
      });
    }
    return this.cached.findings;
  }

  private async compute(actors: ActorSummary[]): Promise<CheckFinding[]> {
    const profiles: CheckedProfile[] = [];
    for (const actor of actors) {
      const detail = await this.source.getActor(actor.id, actor.latestVersion);
      profiles.push({ actor: detail.id, actorName: detail.actor.name, version: detail.version.version, extraction: detail.extraction });
    }
    return checkProfiles(profiles, this.reference());
  }
}

const checksBySource = new WeakMap<object, ReferenceChecks>();

/** The one ReferenceChecks (and cache) of a Dossier, shared by the API routes. */
export function referenceChecksFor(dossier: CheckSource & { store?: { revision(): Promise<string> } }): ReferenceChecks {
  let checks = checksBySource.get(dossier);
  if (!checks) {
    const store = dossier.store;
    checks = new ReferenceChecks({
      listActors: () => dossier.listActors(),
      getActor: (id, version) => dossier.getActor(id, version),
      revision: dossier.revision ? () => dossier.revision!() : store ? () => store.revision() : undefined,
    });
    checksBySource.set(dossier, checks);
  }
  return checks;
}
