// Shared pieces of the pages: labels, theme chips, type badges, dates, evidence quotes.
import { h, type Child } from './dom.js';
import type { EvidenceSentence, MentionType, Theme } from '../model/index.js';

export const themeLabels: Record<Theme, string> = {
  security: 'Security',
  extremism: 'Extremism',
  narcotics: 'Narcotics',
  governance: 'Governance',
  humanitarian: 'Humanitarian',
  trade: 'Trade',
  transport: 'Transport',
  energy: 'Energy',
  water: 'Water',
  migration: 'Migration',
  diplomacy: 'Diplomacy',
};

export const allThemes = Object.keys(themeLabels) as Theme[];

export const typeLabels: Record<MentionType, string> = {
  country: 'Country',
  place: 'Place',
  organization: 'Organisation',
  person: 'Person',
  project: 'Project',
  document: 'Document',
};

export const allTypes = Object.keys(typeLabels) as MentionType[];

export const themeLabel = (theme: string): string => themeLabels[theme as Theme] ?? theme;
export const typeLabel = (type: string | null): string =>
  type ? (typeLabels[type as MentionType] ?? type) : 'Unknown';

export const postureLabels: Record<string, string> = {
  hostile: 'Hostile',
  wary: 'Wary',
  'arms-length': 'Arm’s length',
  pragmatic: 'Pragmatic',
  engaged: 'Engaged',
  supportive: 'Supportive',
  unclear: 'Unclear',
};

/** A theme chip; a link when `href` is given. */
export function themeChip(theme: Theme, options: { href?: string; primary?: boolean } = {}): HTMLElement {
  const cls = `chip chip-theme${options.primary ? ' is-primary' : ''}`;
  const label = themeLabel(theme);
  return options.href ? h('a', { class: cls, href: options.href }, label) : h('span', { class: cls }, label);
}

export const typeBadge = (type: string | null): HTMLElement =>
  h('span', { class: `badge badge-${type ?? 'unknown'}` }, typeLabel(type));

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const seasons: Record<string, string> = { '21': 'Spring', '22': 'Summer', '23': 'Autumn', '24': 'Winter' };

/** An EDTF value as a reader would write it: `2021-10` → `Oct 2021`, `199X` → `1990s`. */
/** A quantity as a reader says it: a share as a percentage, money in its currency, other units after the number. */
export function formatQuantity(value: number, unit: string): string {
  if (unit === 'share') return `${new Intl.NumberFormat('en', { maximumSignificantDigits: 4 }).format(value * 100)}%`;
  if (/^[A-Z]{3}$/.test(unit)) {
    try {
      return new Intl.NumberFormat('en', {
        style: 'currency',
        currency: unit,
        notation: Math.abs(value) >= 1e6 ? 'compact' : 'standard',
        maximumFractionDigits: 2,
      }).format(value);
    } catch {
      // An ISO code the runtime does not know: the number and the code.
    }
  }
  return `${new Intl.NumberFormat('en', { maximumFractionDigits: 3 }).format(value)} ${unit}`;
}

export function formatEdtf(value: string | null): string {
  if (!value) return 'Undated';
  if (value.includes('/')) {
    const [from = '..', to = '..'] = value.split('/');
    if (from === '..') return `until ${formatEdtf(to)}`;
    if (to === '..') return `from ${formatEdtf(from)}`;
    return `${formatEdtf(from)} – ${formatEdtf(to)}`;
  }
  if (/^\d{3}X$/.test(value)) return `${value.slice(0, 3)}0s`;
  if (/^\d{2}XX$/.test(value)) return `${Number(value.slice(0, 2)) + 1}th century`;
  const [y, m, d] = value.split('-');
  if (m && seasons[m]) return `${seasons[m]} ${y}`;
  if (d && m) return `${Number(d)} ${months[Number(m) - 1]} ${y}`;
  if (m) return `${months[Number(m) - 1]} ${y}`;
  return y ?? value;
}

export const formatDay = (iso: string | null): string => (iso ? formatEdtf(iso.slice(0, 10)) : '');

/** Link to a sentence of an actor's profile (the actor page highlights it). */
export const evidenceHref = (e: { actor: string; version?: number; start: number }): string =>
  `/actors/${encodeURIComponent(e.actor)}${e.version ? `?version=${e.version}` : ''}#s-${e.start}`;

/** A quoted evidence sentence with a link to read it in the profile. */
export function evidenceQuote(e: EvidenceSentence, content?: Child, actorName?: string): HTMLElement {
  return h(
    'blockquote',
    { class: 'evidence' },
    h('p', null, content ?? e.text),
    h(
      'footer',
      null,
      h('a', { href: evidenceHref(e) }, actorName ? `Read in ${actorName}’s profile` : 'Read in the profile'),
    ),
  );
}

export function pageHeader(title: string, ...rest: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', null, title), ...rest);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

// The first Intl service a page starts (a number format, a collator: `toLocaleString('en')`, `localeCompare`) loads
// ICU data: tens to hundreds of milliseconds on a loaded machine, before the first screen. Counts and names of the
// first screens are formatted and ordered without it.

/** A whole count with thousands separators, as `toLocaleString('en')` writes it (`41,220`). */
export const formatCount = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const printableAscii = /^[\x20-\x7e]*$/;

/**
 * Names in reading order: ASCII names compared case-insensitively, lower case first on a tie (as the collator does
 * for letters and digits), without ICU; a name with other characters by `localeCompare`.
 */
export function compareNames(a: string, b: string): number {
  if (!printableAscii.test(a) || !printableAscii.test(b)) return a.localeCompare(b);
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a === b ? 0 : a > b ? -1 : 1;
}

/**
 * Runs `fn` once the page's first screen is drawn and the browser idle (at most 300 ms later): work for what is below
 * the fold does not compete with the first screen for the CPU.
 */
export function afterFirstScreen(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: 300 });
  else setTimeout(fn, 50);
}
