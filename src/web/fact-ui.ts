// Facts under review, shared by the review queue and the actor page's editor tools: labels of
// kinds and statuses, a one-line summary of a fact, its evidence sentence with its words
// highlighted, and the edit form (mention entity/type, relation predicate/negation and the time
// it holds, time value…).
import { describeApiError, getJson, withQuery } from './api.js';
import { h, highlightRanges } from './dom.js';
import type {
  EventType,
  EntityList,
  Fact,
  FactKind,
  MentionType,
  PostureLabel,
  RelationPredicate,
  ReviewStatus,
  Theme,
} from '../model/index.js';
import { formatEdtf, formatQuantity, postureLabels, typeLabels } from './ui.js';
import { loadPhrases, relationSentence } from './phrases.js';

// Relation summaries come from the phrase table: start fetching it (once) when a page that shows facts loads.
void loadPhrases();

export const factKindLabels: Record<FactKind, string> = {
  mention: 'Mention',
  time: 'Time',
  quantity: 'Quantity',
  event: 'Event',
  relation: 'Relation',
  posture: 'Posture',
  interest: 'Interest',
};
export const factKinds = Object.keys(factKindLabels) as FactKind[];

export const statusLabels: Record<ReviewStatus, string> = {
  machine: 'Awaiting review',
  confirmed: 'Confirmed',
  edited: 'Edited',
  rejected: 'Rejected',
};

export const eventTypeLabels: Record<EventType, string> = {
  visit: 'Visit',
  delegation: 'Delegation',
  meeting: 'Meeting',
  aid: 'Aid',
  statement: 'Statement',
  agreement: 'Agreement',
  exercise: 'Exercise',
  attack: 'Attack',
};

export const predicateLabels: Record<RelationPredicate, string> = {
  borders: 'borders',
  supplies: 'supplies',
  interested_in: 'is interested in',
  participates_in: 'participates in',
  leads: 'leads',
  member_of: 'is a member of',
  provides_aid_to: 'provides aid to',
  hosts: 'hosts',
  recognizes: 'recognises',
  opposes: 'opposes',
};

/** Whether a relation still holds (a relation the text does not place in the past holds now, as in the extraction). */
const currentLabels = { true: 'holds now', false: 'no longer holds (past)' } as const;

const str = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);

/** One line saying what the fact claims. */
export function factSummary(fact: Fact, nameOf: (id: string) => string = (id) => id): string {
  const p = fact.payload;
  switch (fact.kind) {
    case 'mention':
      return `“${str(p.text)}” → ${nameOf(str(p.entity))} (${typeLabels[p.type as MentionType] ?? str(p.type)})`;
    case 'time':
      return `“${str(p.text)}” = ${formatEdtf(str(p.value))} (${str(p.value)})`;
    case 'quantity':
      return (
        `“${str(p.text)}” = ` +
        (typeof p.value === 'number' ? formatQuantity(p.value, str(p.unit)) : `${str(p.value)} ${str(p.unit)}`)
      );
    case 'event': {
      const actors = Array.isArray(p.actors) ? p.actors.map((a) => nameOf(str(a))).join(', ') : '';
      return (
        `${eventTypeLabels[p.type as EventType] ?? str(p.type)}` +
        `${p.date ? `, ${formatEdtf(str(p.date))}` : ''}${p.place ? ` in ${nameOf(str(p.place))}` : ''}` +
        `${actors ? ` · ${actors}` : ''}`
      );
    }
    case 'relation':
      return relationSentence(
        nameOf(str(p.subject)),
        {
          predicate: p.predicate as RelationPredicate,
          negated: p.negated === true,
          current: typeof p.current === 'boolean' ? p.current : undefined,
          valid: typeof p.valid === 'string' ? p.valid : null,
        },
        nameOf(str(p.object)),
      );
    case 'posture':
      return `Posture: ${postureLabels[str(p.label)] ?? str(p.label)}`;
    case 'interest':
      return (
        `Interest ${str(p.rank)}: ${str(p.title)}` +
        (Array.isArray(p.themes) && p.themes.length ? ` (${p.themes.map(str).join(', ')})` : '')
      );
  }
}

/** The fact's sentence with its own words highlighted (text nodes only). */
export function evidenceSentence(fact: Fact): HTMLElement {
  if (!fact.sentence) return h('p', { class: 'fact-evidence' }, h('mark', { class: 'fact-words' }, fact.evidence));
  const { text, start } = fact.sentence;
  return h(
    'p',
    { class: 'fact-evidence' },
    highlightRanges(text, [{ start: fact.start - start, end: fact.end - start, className: 'fact-words' }]),
  );
}

export const statusMarker = (status: ReviewStatus, by?: string | null): HTMLElement =>
  h(
    'span',
    { class: `status-marker status-${status}`, title: by ? `${statusLabels[status]} by ${by}` : statusLabels[status] },
    statusLabels[status],
  );

function select<T extends string>(id: string, options: Record<T, string>, value: string): HTMLSelectElement {
  return h(
    'select',
    { id },
    (Object.keys(options) as T[]).map((key) => h('option', { value: key, selected: key === value }, options[key])),
  );
}

const row = (id: string, label: string, control: HTMLElement) =>
  h('div', { class: 'form-row' }, h('label', { for: id }, label), control);

/** The edit form's fields for one kind and how to read the payload they hold. */
interface EditFields {
  fields: HTMLElement[];
  read: () => Record<string, unknown>;
}

/** What the field builders share: the fact's payload, its field ids, and entity inputs with suggestions. */
interface FieldKit {
  p: Fact['payload'];
  id: (name: string) => string;
  entityInput: (name: string, value: string) => HTMLInputElement;
}

/**
 * The entity-id suggestions: a datalist of the given entities, and an input factory whose typing
 * searches every entity (GET /api/entities?q=…) and adds the ones found.
 */
function entitySuggestions(
  listId: string,
  entities: { id: string; name: string }[],
  id: (name: string) => string,
): { datalist: HTMLElement; entityInput: (name: string, value: string) => HTMLInputElement } {
  const datalist = h(
    'datalist',
    { id: listId },
    entities.map((e) => h('option', { value: e.id }, e.name)),
  );
  const offered = new Set(entities.map((e) => e.id));
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const suggest = (words: string) => {
    clearTimeout(searchTimer);
    if (words.trim().length < 2) return;
    searchTimer = setTimeout(() => {
      getJson<EntityList>(withQuery('/api/entities', { q: words.trim().slice(0, 200), limit: 20 })).then(
        (found) => {
          for (const e of found.entities) {
            if (offered.has(e.id)) continue;
            offered.add(e.id);
            datalist.append(
              h(
                'option',
                { value: e.id },
                `${e.name} (${typeLabels[e.type as MentionType] ?? e.type}${e.country ? `, ${e.country}` : ''})`,
              ),
            );
          }
        },
        () => undefined, // suggestions are a convenience: the field still takes an id
      );
    }, 200);
  };
  const entityInput = (name: string, value: string) => {
    const input = h('input', {
      id: id(name),
      type: 'text',
      value,
      list: listId,
      autocomplete: 'off',
      spellcheck: 'false',
      required: true,
    });
    input.addEventListener('input', () => suggest(input.value));
    return input;
  };
  return { datalist, entityInput };
}

function mentionEditFields({ p, id, entityInput }: FieldKit): EditFields {
  const entity = entityInput('entity', str(p.entity));
  const type = select(id('type'), typeLabels, str(p.type));
  return {
    fields: [row(id('entity'), 'Entity (id)', entity), row(id('type'), 'Type', type)],
    read: () => ({ entity: entity.value.trim(), type: type.value }),
  };
}

function relationEditFields({ p, id, entityInput }: FieldKit): EditFields {
  const subject = entityInput('subject', str(p.subject));
  const predicate = select(id('predicate'), predicateLabels, str(p.predicate));
  const object = entityInput('object', str(p.object));
  const negated = h('input', { id: id('negated'), type: 'checkbox', checked: p.negated === true });
  const valid = h('input', {
    id: id('valid'),
    type: 'text',
    value: str(p.valid),
    spellcheck: 'false',
    'aria-describedby': id('valid-hint'),
  });
  const current = select(id('current'), currentLabels, p.current === false ? 'false' : 'true');
  return {
    fields: [
      row(id('subject'), 'Subject (entity id)', subject),
      row(id('predicate'), 'Predicate', predicate),
      row(id('object'), 'Object (entity id)', object),
      h(
        'div',
        { class: 'form-row' },
        h('label', { class: 'check', for: id('negated') }, negated, 'Negated (“does not …”)'),
      ),
      row(id('valid'), 'Valid (EDTF, empty: unknown)', valid),
      h('p', { id: id('valid-hint'), class: 'small muted' }, 'e.g. 2021, 2021-08-15/.. (since), 1996/2001, 199X'),
      row(id('current'), 'Current', current),
    ],
    read: () => ({
      subject: subject.value.trim(),
      predicate: predicate.value,
      object: object.value.trim(),
      negated: negated.checked,
      valid: valid.value.trim() || null,
      current: current.value !== 'false',
    }),
  };
}

function timeEditFields({ p, id }: FieldKit): EditFields {
  const value = h('input', {
    id: id('value'),
    type: 'text',
    value: str(p.value),
    spellcheck: 'false',
    required: true,
    'aria-describedby': id('value-hint'),
  });
  return {
    fields: [
      row(id('value'), 'Value (EDTF)', value),
      h(
        'p',
        { id: id('value-hint'), class: 'small muted' },
        'e.g. 2021-10, 2021-10-15, 2021-21 (spring), 199X, 2019/2021',
      ),
    ],
    read: () => ({ value: value.value.trim() }),
  };
}

function quantityEditFields({ p, id }: FieldKit): EditFields {
  const value = h('input', { id: id('value'), type: 'number', step: 'any', value: str(p.value), required: true });
  const unit = h('input', { id: id('unit'), type: 'text', value: str(p.unit), required: true });
  return {
    fields: [row(id('value'), 'Value', value), row(id('unit'), 'Unit', unit)],
    read: () => ({ value: Number(value.value), unit: unit.value.trim() }),
  };
}

function eventEditFields({ p, id, entityInput }: FieldKit): EditFields {
  const type = select(id('type'), eventTypeLabels, str(p.type));
  const date = h('input', { id: id('date'), type: 'text', value: str(p.date), spellcheck: 'false' });
  const place = entityInput('place', str(p.place));
  place.required = false;
  return {
    fields: [
      row(id('type'), 'Event type', type),
      row(id('date'), 'Date (EDTF, empty: unknown)', date),
      row(id('place'), 'Place (entity id, may be empty)', place),
    ],
    read: () => ({ type: type.value, date: date.value.trim() || null, place: place.value.trim() || null }),
  };
}

function postureEditFields({ p, id }: FieldKit): EditFields {
  const label = select(id('label'), postureLabels as Record<PostureLabel, string>, str(p.label));
  return { fields: [row(id('label'), 'Posture', label)], read: () => ({ label: label.value }) };
}

function interestEditFields({ p, id }: FieldKit): EditFields {
  const rank = h('input', { id: id('rank'), type: 'number', min: 1, step: 1, value: str(p.rank), required: true });
  const title = h('input', { id: id('title'), type: 'text', value: str(p.title), required: true });
  const themes = h('input', {
    id: id('themes'),
    type: 'text',
    value: Array.isArray(p.themes) ? p.themes.map(str).join(', ') : '',
    spellcheck: 'false',
  });
  return {
    fields: [
      row(id('rank'), 'Rank', rank),
      row(id('title'), 'Title', title),
      row(id('themes'), 'Themes (comma-separated)', themes),
    ],
    read: () => ({
      rank: Number(rank.value),
      title: title.value.trim(),
      themes: themes.value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean) as Theme[],
    }),
  };
}

/** The fields an editor may change, by kind of fact. */
const editFieldsByKind: Record<FactKind, (kit: FieldKit) => EditFields> = {
  mention: mentionEditFields,
  relation: relationEditFields,
  time: timeEditFields,
  quantity: quantityEditFields,
  event: eventEditFields,
  posture: postureEditFields,
  interest: interestEditFields,
};

/**
 * The edit form of a fact: only the fields an editor may change for its kind. `onSave` gets the
 * changed fields (nothing unchanged is sent); `entities` feeds the entity-id suggestions, and
 * typing in an entity field searches every entity (GET /api/entities?q=…) by name, id or alias.
 */
export function factEditForm(
  fact: Fact,
  options: {
    entities: { id: string; name: string }[];
    onSave: (changes: Record<string, unknown>) => Promise<void>;
    onCancel: () => void;
  },
): HTMLFormElement {
  const p = fact.payload;
  const id = (name: string) => `edit-${fact.id}-${name}`;
  const { datalist, entityInput } = entitySuggestions(`entities-${fact.id}`, options.entities, id);
  const { fields, read } = editFieldsByKind[fact.kind]({ p, id, entityInput });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Save');
  const form = h(
    'form',
    {
      class: 'fact-edit-form',
      'aria-label': `Edit this ${factKindLabels[fact.kind].toLowerCase()}`,
      onsubmit: (event) => {
        event.preventDefault();
        const next = read();
        const changes = Object.fromEntries(
          Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(p[key] ?? null)),
        );
        if (Object.keys(changes).length === 0) {
          status.textContent = 'Nothing changed.';
          return;
        }
        save.disabled = true;
        status.textContent = '';
        options.onSave(changes).catch((error: unknown) => {
          save.disabled = false;
          status.textContent = `Not saved: ${describeApiError(error)}`;
        });
      },
      onkeydown: (event) => {
        if ((event as KeyboardEvent).key === 'Escape') {
          event.stopPropagation();
          options.onCancel();
        }
      },
    },
    datalist,
    fields,
    status,
    h(
      'div',
      { class: 'form-actions' },
      save,
      h('button', { type: 'button', class: 'button-quiet', onclick: options.onCancel }, 'Cancel'),
    ),
  );
  return form;
}
