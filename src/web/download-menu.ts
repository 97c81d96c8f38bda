// The "Download" menu of the actor, compare, network, timeline and search pages: a disclosure
// button (aria-expanded; Escape, a click outside or leaving it closes it and focus returns to the
// button) over the export formats the API lists at GET /api/export, grouped as Data, Network,
// Linked data, Report and Other. Each item is a plain `<a href download>` to
// GET /api/export/{format}, with ?actor=&version= for the formats an actor narrows when the page
// shows one actor, so the browser downloads the file the server names.
import { getJson, withQuery } from './api.js';
import { h, visuallyHidden } from './dom.js';
import type { ExportFormat, ExportFormatList } from '../model/index.js';

/** The groups of the menu, in order, with the names that belong to each in the order shown. */
const groups: { title: string; names: string[] }[] = [
  { title: 'Data', names: ['json', 'ndjson', 'csv', 'xlsx', 'sqlite'] },
  { title: 'Network', names: ['gexf', 'graphml', 'kumu'] },
  { title: 'Linked data', names: ['ftm', 'jsonld'] },
  { title: 'Report', names: ['markdown', 'pdf'] },
];
const otherGroup = 'Other';

/**
 * The formats grouped for the menu: known names in their group's order, unknown names under "Other" in the API's order.
 */
export function groupFormats(formats: readonly ExportFormat[]): { title: string; formats: ExportFormat[] }[] {
  const known = new Set(groups.flatMap((g) => g.names));
  const result = groups.map((g) => ({
    title: g.title,
    formats: g.names
      .map((name) => formats.find((f) => f.name === name))
      .filter((f): f is ExportFormat => f !== undefined),
  }));
  result.push({ title: otherGroup, formats: formats.filter((f) => !known.has(f.name)) });
  return result.filter((g) => g.formats.length > 0);
}

let formatList: Promise<ExportFormat[]> | null = null;

/** The export formats, asked of the API once per page load (a failure is asked again next time). */
function exportFormats(): Promise<ExportFormat[]> {
  formatList ??= getJson<ExportFormatList>('/api/export').then(
    (answer) => answer.formats,
    (error: unknown) => {
      formatList = null;
      throw error;
    },
  );
  return formatList;
}

export interface DownloadMenuOptions {
  /** The formats this page offers (all the API lists when omitted). */
  include?: (format: ExportFormat) => boolean;
  /** The one actor the page shows (its scoped formats get ?actor=&version=; unscoped formats are left out). */
  actor?: { id: string; name: string; version?: number } | null;
}

/** Formats offered by name, in any order (a name the API does not list is simply absent). */
export const formatsNamed =
  (...names: string[]) =>
  (format: ExportFormat): boolean =>
    names.includes(format.name);

const sentence = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

let menuCount = 0;

type MenuActor = NonNullable<DownloadMenuOptions['actor']>;

/** One format's link: its name, extension and description; scoped to the actor where there is one. */
function downloadItem(format: ExportFormat, actor: MenuActor | null, onPick: () => void): HTMLElement {
  return h(
    'li',
    null,
    h(
      'a',
      {
        class: 'download-item',
        href: withQuery(
          `/api/export/${encodeURIComponent(format.name)}`,
          actor && format.scoped ? { actor: actor.id, version: actor.version } : {},
        ),
        download: true,
        type: format.mediaType,
        'data-format': format.name,
        onclick: onPick,
      },
      h(
        'span',
        { class: 'download-line' },
        h('span', { class: 'download-name' }, format.name),
        h('span', { class: 'download-ext' }, visuallyHidden('file '), `.${format.extension}`),
      ),
      h('span', { class: 'download-desc' }, sentence(format.description)),
    ),
  );
}

/** A titled group of format links. */
function downloadGroup(
  group: ReturnType<typeof groupFormats>[number],
  titleId: string,
  actor: MenuActor | null,
  onPick: () => void,
): HTMLElement {
  return h(
    'div',
    { class: 'download-group', role: 'group', 'aria-labelledby': titleId },
    h('p', { id: titleId, class: 'download-group-title' }, group.title),
    h(
      'ul',
      { class: 'download-list' },
      group.formats.map((format) => downloadItem(format, actor, onPick)),
    ),
  );
}

/** The menu's keys: Escape closes it, the arrows open it and move through the links, Home and End jump. */
function onMenuKey(
  event: KeyboardEvent,
  menu: { panel: HTMLElement; items: HTMLAnchorElement[]; open: () => void; close: (returnFocus: boolean) => void },
): void {
  const { panel, items } = menu;
  const at = items.indexOf(document.activeElement as HTMLAnchorElement);
  const focusItem = (n: number) => items[(n + items.length) % items.length]?.focus();
  switch (event.key) {
    case 'Escape':
      if (panel.hidden) return;
      event.preventDefault();
      menu.close(true);
      return;
    case 'ArrowDown':
      event.preventDefault();
      if (panel.hidden) menu.open();
      focusItem(at + 1);
      return;
    case 'ArrowUp':
      if (panel.hidden) return;
      event.preventDefault();
      focusItem(at < 0 ? -1 : at - 1);
      return;
    case 'Home':
    case 'End':
      if (at < 0) return;
      event.preventDefault();
      focusItem(event.key === 'Home' ? 0 : -1);
      return;
  }
}

/** The Download button and its menu; the formats arrive from the API after the element is placed. */
export function downloadMenu(options: DownloadMenuOptions = {}): HTMLElement {
  const id = `download-menu-${++menuCount}`;
  const actor = options.actor ?? null;
  const button = h(
    'button',
    { type: 'button', class: 'button-quiet download-button', 'aria-expanded': 'false', 'aria-controls': id },
    h('span', { class: 'download-icon', 'aria-hidden': 'true' }, '↓'),
    ' Download',
    h('span', { class: 'download-caret', 'aria-hidden': 'true' }, '▾'),
  );
  const scopeLine = h(
    'p',
    { class: 'download-scope' },
    actor
      ? [`Exports of ${actor.name}`, actor.version ? `, version ${actor.version}` : null]
      : 'Exports of the whole collection',
  );
  const body = h('div', { class: 'download-groups' }, h('p', { class: 'muted small' }, 'Loading the formats…'));
  const panel = h('div', { id, class: 'download-panel', hidden: true }, scopeLine, body);
  const host = h('div', { class: 'download-menu' }, button, panel);

  const links = () => [...panel.querySelectorAll<HTMLAnchorElement>('a.download-item')];
  const onDocumentClick = (event: MouseEvent) => {
    if (!host.contains(event.target as Node)) close(false);
  };
  const open = () => {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('click', onDocumentClick);
  };
  function close(returnFocus: boolean) {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', onDocumentClick);
    if (returnFocus) button.focus();
  }

  button.addEventListener('click', () => (panel.hidden ? open() : close(false)));
  host.addEventListener('keydown', (event) => onMenuKey(event, { panel, items: links(), open, close }));
  // Tabbing out of the menu closes it (focus has already moved on).
  host.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !host.contains(next)) close(false);
  });

  const render = (formats: ExportFormat[]) => {
    const offered = formats.filter((f) => (options.include ? options.include(f) : true) && (!actor || f.scoped));
    if (offered.length === 0) {
      host.hidden = true;
      return;
    }
    body.replaceChildren(
      ...groupFormats(offered).map((group, n) => downloadGroup(group, `${id}-g${n}`, actor, () => close(true))),
    );
  };
  exportFormats().then(render, () => {
    body.replaceChildren(
      h(
        'p',
        { class: 'muted small', role: 'status' },
        'The export formats could not be loaded. Reload the page to try again.',
      ),
    );
  });
  return host;
}
