// Editor tools of the actor page, loaded only for editors: select words of the profile and a
// small toolbar offers to add a mention, a new entity, a relation or an event on them; the form
// posts the selection's start/end offsets into the version's text to /api/actors/:id/facts.
import { describeApiError, withQuery } from './api.js';
import { h } from './dom.js';
import type { Entity, MentionType } from '../model/index.js';
import { navigate } from './router.js';
import { write } from './session.js';
import { eventTypeLabels, predicateLabels } from './fact-ui.js';
import { typeLabels } from './ui.js';

export interface EditorToolsOptions {
  article: HTMLElement;
  aside: HTMLElement;
  actorId: string;
  actorName: string;
  text: string;
  entities: Entity[];
  /** Offset in the text where a text node of the article starts. */
  offsetOf: (node: Node) => number | undefined;
  signal: AbortSignal;
  onCleanup: (fn: () => void) => void;
}

type AddKind = 'mention' | 'entity' | 'relation' | 'event';
const addLabels: Record<AddKind, string> = {
  mention: 'Add mention',
  entity: 'New entity',
  relation: 'Add relation',
  event: 'Add event',
};

/** The text offset of a DOM point inside the article (text nodes carry their start offset). */
function pointOffset(node: Node, offset: number, offsetOf: (node: Node) => number | undefined): number | undefined {
  if (node.nodeType === Node.TEXT_NODE) {
    const base = offsetOf(node);
    return base === undefined ? undefined : base + offset;
  }
  // An element boundary: the next text node at or after the point.
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const child = node.childNodes[offset];
  if (child) {
    walker.currentNode = child;
    const text = child.nodeType === Node.TEXT_NODE ? child : walker.nextNode();
    return text ? offsetOf(text) : undefined;
  }
  return undefined;
}

function select(id: string, options: Record<string, string>, value?: string): HTMLSelectElement {
  return h(
    'select',
    { id },
    Object.entries(options).map(([key, label]) => h('option', { value: key, selected: key === value }, label)),
  );
}
const row = (id: string, label: string, control: HTMLElement) =>
  h('div', { class: 'form-row' }, h('label', { for: id }, label), control);

const entityInput = (id: string, value = '') =>
  h('input', { id, type: 'text', list: 'actor-entities', value, autocomplete: 'off', spellcheck: 'false' });

/** A form's fields and the payload they make. */
interface FactFields {
  fields: HTMLElement[];
  payload: () => Record<string, unknown>;
}

function mentionFields(): FactFields {
  const entity = entityInput('add-entity');
  const type = select('add-type', { '': 'The entity’s type', ...typeLabels });
  return {
    fields: [row('add-entity', 'Entity (id)', entity), row('add-type', 'Type', type)],
    payload: () => ({ entity: entity.value.trim(), ...(type.value ? { type: type.value as MentionType } : {}) }),
  };
}

function entityFields(words: string): FactFields {
  const name = h('input', { id: 'add-name', type: 'text', value: words.trim() });
  const type = select('add-type', typeLabels, 'organization');
  const qid = h('input', {
    id: 'add-qid',
    type: 'text',
    pattern: 'Q[0-9]+',
    placeholder: 'Q123',
    spellcheck: 'false',
  });
  return {
    fields: [
      row('add-name', 'Name', name),
      row('add-type', 'Type', type),
      row('add-qid', 'Wikidata QID (optional)', qid),
    ],
    payload: () => ({
      name: name.value.trim(),
      type: type.value,
      ...(qid.value.trim() ? { wikidata: qid.value.trim() } : {}),
    }),
  };
}

function relationFields(actorId: string): FactFields {
  const subject = entityInput('add-subject', actorId);
  const predicate = select('add-predicate', predicateLabels);
  const object = entityInput('add-object');
  const negated = h('input', { id: 'add-negated', type: 'checkbox' });
  return {
    fields: [
      row('add-subject', 'Subject (entity id)', subject),
      row('add-predicate', 'Predicate', predicate),
      row('add-object', 'Object (entity id)', object),
      h(
        'div',
        { class: 'form-row' },
        h('label', { class: 'check', for: 'add-negated' }, negated, 'Negated (“does not …”)'),
      ),
    ],
    payload: () => ({
      subject: subject.value.trim(),
      predicate: predicate.value,
      object: object.value.trim(),
      negated: negated.checked,
    }),
  };
}

function eventFields(actorId: string): FactFields {
  const type = select('add-event-type', eventTypeLabels, 'visit');
  const date = h('input', { id: 'add-date', type: 'text', placeholder: '2021-10', spellcheck: 'false' });
  const place = entityInput('add-place');
  return {
    fields: [
      row('add-event-type', 'Event type', type),
      row('add-date', 'Date (EDTF, optional)', date),
      row('add-place', 'Place (entity id, optional)', place),
    ],
    payload: () => ({
      type: type.value,
      date: date.value.trim() || null,
      place: place.value.trim() || null,
      actors: [actorId],
    }),
  };
}

function factFields(kind: AddKind, words: string, actorId: string): FactFields {
  switch (kind) {
    case 'mention':
      return mentionFields();
    case 'entity':
      return entityFields(words);
    case 'relation':
      return relationFields(actorId);
    case 'event':
      return eventFields(actorId);
  }
}

/** The form that adds a fact of `kind` on the words at [start, end) and reloads the page at them. */
function addFactForm(
  kind: AddKind,
  at: { start: number; end: number; words: string; actorId: string },
  dialog: HTMLDialogElement,
  status: HTMLElement,
): HTMLFormElement {
  const { start, end, words, actorId } = at;
  const { fields, payload } = factFields(kind, words, actorId);
  status.textContent = '';
  const save = h('button', { type: 'submit', class: 'button' }, 'Add');
  return h(
    'form',
    {
      method: 'dialog',
      class: 'form',
      onsubmit: (event) => {
        event.preventDefault();
        save.disabled = true;
        write('POST', `/api/actors/${encodeURIComponent(actorId)}/facts`, {
          kind,
          start,
          end,
          payload: payload(),
        }).then(
          () => {
            dialog.close();
            navigate(withQuery(`/actors/${encodeURIComponent(actorId)}`, {}) + `#s-${start}`, { replace: true });
          },
          (error: unknown) => {
            save.disabled = false;
            status.textContent = `Not added: ${describeApiError(error)}`;
          },
        );
      },
    },
    h('h2', { id: 'add-fact-h' }, addLabels[kind]),
    h(
      'p',
      null,
      'On the words ',
      h('q', { class: 'selected-words' }, words),
      h('span', { class: 'muted small' }, ` (characters ${start}–${end})`),
    ),
    fields,
    status,
    h(
      'div',
      { class: 'form-actions' },
      save,
      h('button', { type: 'button', class: 'button-quiet', onclick: () => dialog.close() }, 'Cancel'),
    ),
  );
}

/**
 * Follows the selection in the article: on a selection of words (trimmed of spaces) it remembers
 * their offsets and shows the toolbar under them; Escape hides it. Returns the listeners' removal.
 */
function followSelection(
  options: EditorToolsOptions,
  toolbar: HTMLElement,
  onSelect: (selection: { start: number; end: number }) => void,
): () => void {
  const { article, text, offsetOf } = options;
  const onSelection = () => {
    const sel = document.getSelection();
    if (
      !sel ||
      sel.isCollapsed ||
      sel.rangeCount === 0 ||
      !article.contains(sel.anchorNode) ||
      !article.contains(sel.focusNode)
    ) {
      if (!toolbar.contains(document.activeElement)) toolbar.hidden = true;
      return;
    }
    const range = sel.getRangeAt(0);
    let start = pointOffset(range.startContainer, range.startOffset, offsetOf);
    let end = pointOffset(range.endContainer, range.endOffset, offsetOf);
    if (start === undefined || end === undefined || end <= start) return;
    // Trim the spaces a double-click or drag often takes along.
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end <= start) return;
    onSelect({ start, end });
    const box = range.getBoundingClientRect();
    toolbar.hidden = false;
    toolbar.style.top = `${box.bottom + window.scrollY + 8}px`;
    const rightmost = window.scrollX + window.innerWidth - toolbar.offsetWidth - 8;
    toolbar.style.left = `${Math.max(8, Math.min(box.left + window.scrollX, rightmost))}px`;
  };
  const onMouseUp = () => setTimeout(onSelection, 0);
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === 'Escape') toolbar.hidden = true;
    else if (e.shiftKey) onSelection();
  };
  article.addEventListener('mouseup', onMouseUp);
  document.addEventListener('keyup', onKeyUp);
  return () => document.removeEventListener('keyup', onKeyUp);
}

/** The "Editing" panel at the top of the aside: how to add facts and links to review them. */
function editingPanel(actorId: string, actorName: string): HTMLElement {
  return h(
    'section',
    { class: 'panel editor-panel', 'aria-labelledby': 'editor-h' },
    h('h2', { id: 'editor-h' }, 'Editing'),
    h(
      'p',
      { class: 'small' },
      'Select words in the profile to add a mention, an entity, a relation or an event on them.',
    ),
    h(
      'ul',
      { class: 'plain-list small' },
      h('li', null, h('a', { href: `/review?actor=${encodeURIComponent(actorId)}` }, `Review ${actorName}’s facts`)),
      h(
        'li',
        null,
        h('a', { href: `/review?actor=${encodeURIComponent(actorId)}&status=any` }, 'Edit any of its facts'),
      ),
    ),
  );
}

export function attachEditorTools(options: EditorToolsOptions): void {
  const { actorId, text } = options;
  const datalist = h(
    'datalist',
    { id: 'actor-entities' },
    options.entities.map((e) => h('option', { value: e.id }, e.name)),
  );

  let selection: { start: number; end: number } | null = null;
  const toolbar = h('div', {
    class: 'selection-toolbar',
    role: 'toolbar',
    'aria-label': 'Add a fact on the selected words',
    hidden: true,
  });
  const dialog = h('dialog', { class: 'fact-dialog', 'aria-labelledby': 'add-fact-h' });
  const status = h('p', { class: 'form-status', role: 'alert' });

  const openForm = (kind: AddKind) => {
    if (!selection) return;
    const { start, end } = selection;
    dialog.replaceChildren(addFactForm(kind, { start, end, words: text.slice(start, end), actorId }, dialog, status));
    toolbar.hidden = true;
    dialog.showModal();
  };

  toolbar.append(
    h('span', { class: 'small muted toolbar-label' }, 'Selected words:'),
    ...(Object.keys(addLabels) as AddKind[]).map((kind) =>
      h(
        'button',
        { type: 'button', class: 'button-quiet', 'data-add': kind, onclick: () => openForm(kind) },
        addLabels[kind],
      ),
    ),
  );

  const stopFollowing = followSelection(options, toolbar, (selected) => (selection = selected));
  options.onCleanup(() => {
    stopFollowing();
    toolbar.remove();
    dialog.remove();
    datalist.remove();
  });

  options.aside.prepend(editingPanel(actorId, options.actorName));
  document.body.append(toolbar, dialog, datalist);
}
