// Findings of GET /api/checks as the UI shows them: claims checked against the country data
// (✓ confirmed, ✗ contradicted), contradictions within a profile, between profiles and with
// sources, changes between versions and confirmed facts whose sentence was edited away, each
// with both pieces of evidence one click away. Used by the actor page's "Checks" box and the
// /checks page.
import './checks.css';
import { h, type Child } from './dom.js';
import type { EvidenceSentence } from './api-types.js';
import { evidenceHref } from './ui.js';

/** Mirrors CheckFindingSchema of src/core/reference-checks.ts (the UI imports nothing of core). */
export interface CheckFinding {
  id: string;
  actor: string;
  actorName: string;
  kind:
    | 'contradicts-reference'
    | 'confirmed-by-reference'
    | 'contradicts-itself'
    | 'contradicts-profile'
    | 'contradicts-source'
    | 'conflicting-dates'
    | 'changed-between-versions'
    | 'evidence-removed'
    | 'event-after-death';
  severity: 'error' | 'warning' | 'info';
  claim: string;
  message: string;
  evidence: EvidenceSentence;
  /**
   * The other evidence: contradicting sentences (of this or another profile, or of a source), the earlier version of a
   * change, the latest version's rewording.
   */
  related: (EvidenceSentence & { actorName: string; documentKind: 'profile' | 'source' })[];
  reference: string | null;
}

export interface CheckReport {
  findings: CheckFinding[];
  counts: Record<string, number>;
  /** Findings by group; `contradictions` are the possible errors. */
  summary: { contradictions: number; confirmed: number; changes: number; staleEvidence: number };
  /** What was read (the whole collection; for one actor, its versions and the documents around it). */
  checked: {
    profiles: number;
    versions: number;
    sources: number;
    relations: number;
    borderClaims: number;
    events: number;
    confirmedFacts: number;
  };
  /** The cursor of the next page of the whole collection's findings; null on the last page and for one actor. */
  next: string | null;
}

export const checkKindLabels: Record<CheckFinding['kind'], string> = {
  'contradicts-reference': 'Contradicts the country data',
  'confirmed-by-reference': 'Confirmed by the country data',
  'contradicts-itself': 'Contradicts itself',
  'contradicts-profile': 'Contradicts another profile',
  'contradicts-source': 'Contradicted by a source',
  'conflicting-dates': 'Dated differently in another profile',
  'changed-between-versions': 'Changed between versions',
  'evidence-removed': 'Evidence edited away',
  'event-after-death': 'Dated after a party’s death',
};

/** How the other evidence is introduced, by kind of finding. */
const relatedLabels: Partial<Record<CheckFinding['kind'], string>> = {
  'contradicts-itself': 'Contradicting sentence',
  'changed-between-versions': 'Earlier version',
  'evidence-removed': 'Closest sentence of the latest version',
};

const icons: Record<CheckFinding['severity'], string> = { error: '✗', warning: '!', info: '✓' };

export interface CheckListOptions {
  /** Link to this profile's own sentences in the page (`#s-…`) rather than to the actor page. */
  inPage?: boolean;
  /** Show whose profile each finding concerns (the all-actors page). */
  showActor?: boolean;
}

/** A list of findings: icon and label, the claim, the explanation, and the evidence links. */
export function checkList(findings: CheckFinding[], options: CheckListOptions = {}): HTMLElement {
  const otherLink = (f: CheckFinding, e: CheckFinding['related'][number]): Child => {
    const where =
      e.documentKind === 'source'
        ? `Read in the source “${e.actorName}”`
        : e.actor === f.actor
          ? `Read in version ${e.version}`
          : `Read in ${e.actorName}’s profile`;
    return h(
      'li',
      null,
      h('q', { class: 'evidence-inline' }, e.text),
      ' ',
      h('a', { href: evidenceHref(e), class: 'evidence-link' }, where),
    );
  };
  const ownLink = (f: CheckFinding): Child => {
    if (options.inPage && f.kind !== 'evidence-removed' && f.kind !== 'changed-between-versions')
      return h('a', { href: `#s-${f.evidence.start}`, class: 'evidence-link' }, 'Show in text');
    const label =
      f.kind === 'evidence-removed' || f.kind === 'changed-between-versions'
        ? `Read in version ${f.evidence.version}`
        : `Read in ${f.actorName}’s profile`;
    return h('a', { href: evidenceHref(f.evidence), class: 'evidence-link' }, label);
  };
  return h(
    'ul',
    { class: 'check-list' },
    findings.map((f) =>
      h(
        'li',
        { class: `finding finding-${f.severity}`, 'data-kind': f.kind, 'data-finding': f.id },
        h(
          'div',
          { class: 'check-head' },
          h('span', { class: 'check-icon', 'aria-hidden': 'true' }, icons[f.severity]),
          h('span', { class: 'check-kind' }, checkKindLabels[f.kind]),
          options.showActor
            ? [
                h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
                h('a', { href: `/actors/${encodeURIComponent(f.actor)}` }, f.actorName),
              ]
            : null,
        ),
        h('p', { class: 'check-claim' }, f.claim),
        h('p', { class: 'small check-message' }, f.message),
        h('p', { class: 'small' }, h('q', { class: 'evidence-inline' }, f.evidence.text), ' ', ownLink(f)),
        f.related.length
          ? h(
              'ul',
              { class: 'check-related small', 'aria-label': relatedLabels[f.kind] ?? 'Contradicting sentences' },
              f.related.map((e) => otherLink(f, e)),
            )
          : null,
        f.reference ? h('p', { class: 'small muted check-reference' }, f.reference) : null,
      ),
    ),
  );
}
