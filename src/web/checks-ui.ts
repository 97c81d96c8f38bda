// Findings of GET /api/checks as the UI shows them: claims checked against the country data
// (✓ confirmed, ✗ contradicted) and contradictions between profiles, each with its evidence
// sentence one click away. Used by the actor page's "Checks" box and the /checks page.
import './checks.css';
import { h, type Child } from './dom.js';
import type { EvidenceSentence } from './api-types.js';
import { evidenceHref } from './ui.js';

/** Mirrors CheckFindingSchema of src/core/reference-checks.ts (the UI imports nothing of core). */
export interface CheckFinding {
  id: string;
  actor: string;
  actorName: string;
  kind: 'contradicts-reference' | 'confirmed-by-reference' | 'contradicts-profile' | 'conflicting-dates';
  severity: 'error' | 'warning' | 'info';
  claim: string;
  message: string;
  evidence: EvidenceSentence;
  /** Sentences of other profiles the claim contradicts. */
  related: (EvidenceSentence & { actorName: string })[];
  reference: string | null;
}

export interface CheckReport {
  findings: CheckFinding[];
  counts: { contradictsReference: number; confirmedByReference: number; contradictsProfile: number; conflictingDates: number };
}

export const checkKindLabels: Record<CheckFinding['kind'], string> = {
  'contradicts-reference': 'Contradicts the country data',
  'confirmed-by-reference': 'Confirmed by the country data',
  'contradicts-profile': 'Contradicts another profile',
  'conflicting-dates': 'Dated differently in another profile',
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
  const otherLink = (e: CheckFinding['related'][number]): Child =>
    h('li', null, h('q', { class: 'evidence-inline' }, e.text), ' ', h('a', { href: evidenceHref(e), class: 'evidence-link' }, `Read in ${e.actorName}’s profile`));
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
          options.showActor ? [h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '), h('a', { href: `/actors/${encodeURIComponent(f.actor)}` }, f.actorName)] : null,
        ),
        h('p', { class: 'check-claim' }, f.claim),
        h('p', { class: 'small check-message' }, f.message),
        h(
          'p',
          { class: 'small' },
          h('q', { class: 'evidence-inline' }, f.evidence.text),
          ' ',
          h('a', { href: options.inPage ? `#s-${f.evidence.start}` : evidenceHref(f.evidence), class: 'evidence-link' }, options.inPage ? 'Show in text' : `Read in ${f.actorName}’s profile`),
        ),
        f.related.length ? h('ul', { class: 'check-related small', 'aria-label': 'Contradicting sentences' }, f.related.map(otherLink)) : null,
        f.reference ? h('p', { class: 'small muted check-reference' }, f.reference) : null,
      ),
    ),
  );
}
