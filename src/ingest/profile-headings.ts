// Recognises the structural lines of a profile: section headings by name (and what kind of
// section they open), and ranked interest markers such as `1. Title`, `1) Title` or `(1) Title`.
import type { Section } from '../model/index.js';

export type SectionKind = Section['kind'];

const profileNames = [
  'profile',
  'overview',
  'background',
  'summary',
  'introduction',
  'context',
  'country profile',
  'actor profile',
  'executive summary',
];
const interestNames = [
  'key interests and priorities',
  'interests and priorities',
  'key interests',
  'key priorities',
  'interests',
  'priorities',
  'national interests',
  'core interests',
  'main interests',
  'strategic interests',
  'key interests and concerns',
  'interests and concerns',
];
const otherNames = [
  'recent developments',
  'developments',
  'outlook',
  'assessment',
  'analysis',
  'conclusion',
  'conclusions',
  'sources',
  'references',
  'notes',
  'further reading',
  'see also',
  'timeline',
  'key facts',
  'history',
  'posture',
  'policy',
  'engagement',
  'relations',
  'key relations',
  'key actors',
  'key figures',
  'bibliography',
  'appendix',
  'methodology',
];

const knownKinds = new Map<string, SectionKind>([
  ...profileNames.map((name) => [name, 'profile'] as const),
  ...interestNames.map((name) => [name, 'interests'] as const),
  ...otherNames.map((name) => [name, 'other'] as const),
]);

/** Lower case, `&` as `and`, single spaces, no trailing colon. */
export function normaliseHeadingName(heading: string): string {
  return heading.trim().replace(/:$/, '').toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();
}

/** The kind of a section heading known by name, or null when the name is not one of ours. */
export function knownSectionKind(heading: string): SectionKind | null {
  if (heading.length > 80) return null;
  return knownKinds.get(normaliseHeadingName(heading)) ?? null;
}

/** Kind of a heading that is known to be a section heading (Markdown/HTML headings). */
export function sectionKindOf(heading: string): SectionKind {
  const known = knownSectionKind(heading);
  if (known) return known;
  const name = normaliseHeadingName(heading);
  if (/\b(interests?|priorities)\b/.test(name)) return 'interests';
  if (/\b(profile|overview|background)\b/.test(name)) return 'profile';
  return 'other';
}

const terminalPunctuation = '.!?,;"\'\u201d\u2019)]';

/**
 * A plain-text line that is a section heading: a short line without terminal punctuation that
 * is known by name or names interests/priorities, or (for unknown sections) a short Title Case line.
 */
export function textHeadingKind(line: string): SectionKind | null {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return null;
  const known = knownSectionKind(trimmed);
  if (known) return known;
  if (terminalPunctuation.includes(trimmed[trimmed.length - 1] ?? '')) return null;
  const words = trimmed.replace(/:$/, '').split(/\s+/);
  if (words.length > 6) return null;
  const name = normaliseHeadingName(trimmed);
  if (/^(key |main |core |national |strategic )?(interests?|priorities)\b/.test(name) && words.length <= 5)
    return 'interests';
  // Title Case: every word of four or more letters starts with a capital; the first word too.
  const first = words[0] ?? '';
  if (!/^\p{Lu}/u.test(first)) return null;
  for (const word of words) {
    if (/^\p{Ll}/u.test(word) && word.length >= 4) return null;
    if (!/^[\p{L}&'’-]+$/u.test(word)) return null;
  }
  return 'other';
}

export interface InterestMarker {
  rank: number;
  /** Offsets of the title within the line. */
  titleStart: number;
  titleEnd: number;
}

/**
 * Parses `1. Title`, `1) Title` or `(1) Title` (leading whitespace allowed). The title must be
 * short and not a sentence. Returns null for anything else.
 */
export function parseInterestMarker(line: string): InterestMarker | null {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const parenthesised = line[i] === '(';
  if (parenthesised) i++;
  const digitsStart = i;
  while (i < line.length && i - digitsStart < 4 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (i === digitsStart || i - digitsStart > 3) return null;
  const rank = Number(line.slice(digitsStart, i));
  if (parenthesised) {
    if (line[i] !== ')') return null;
    i++;
  } else if (line[i] === '.' || line[i] === ')') i++;
  else return null;
  if (line[i] !== ' ' && line[i] !== '\t') return null;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  let end = line.length;
  while (end > i && /\s/.test(line[end - 1] ?? '')) end--;
  if (end <= i || rank < 1) return null;
  const title = line.slice(i, end);
  if (title.length > 120 || /[.!?]["'\u201d\u2019]?$/.test(title) || !/[\p{L}\p{N}]/u.test(title)) return null;
  return { rank, titleStart: i, titleEnd: end };
}
