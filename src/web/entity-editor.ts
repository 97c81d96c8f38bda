// Editor tools of the entity page, loaded only for editors: edit the name, aliases and Wikidata
// QID (PATCH /api/entities/:id) and merge the entity into another (POST …/merge).
import { describeApiError } from './api.js';
import { h } from './dom.js';
import type { Entity, EntityMergeResult } from '../model/index.js';
import { navigate } from './router.js';
import { write } from './session.js';

/** The form that edits the name, aliases and QID (only what changed is sent). */
function entityEditForm(entity: Entity, path: string): HTMLFormElement {
  const name = h('input', { id: 'entity-name', type: 'text', value: entity.name, required: true, maxlength: 300 });
  const aliases = h('textarea', { id: 'entity-aliases', rows: 3, spellcheck: 'false' });
  aliases.value = (entity.aliases ?? []).join('\n');
  const qid = h('input', {
    id: 'entity-qid',
    type: 'text',
    value: entity.wikidata ?? '',
    pattern: 'Q[0-9]+',
    placeholder: 'Q123',
    spellcheck: 'false',
    'aria-describedby': 'entity-qid-hint',
  });
  const editStatus = h('p', { class: 'form-status', role: 'status' });
  return h(
    'form',
    {
      class: 'form',
      'aria-labelledby': 'entity-edit-h',
      onsubmit: (event) => {
        event.preventDefault();
        const patch: Record<string, unknown> = {};
        if (name.value.trim() !== entity.name) patch.name = name.value.trim();
        const nextAliases = aliases.value
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean);
        if (JSON.stringify(nextAliases) !== JSON.stringify(entity.aliases ?? [])) patch.aliases = nextAliases;
        const nextQid = qid.value.trim() || null;
        if (nextQid !== (entity.wikidata ?? null)) patch.wikidata = nextQid;
        if (Object.keys(patch).length === 0) {
          editStatus.textContent = 'Nothing changed.';
          return;
        }
        write<Entity>('PATCH', path, patch).then(
          () => navigate(location.pathname, { replace: true }),
          (error: unknown) => (editStatus.textContent = `Not saved: ${describeApiError(error)}`),
        );
      },
    },
    h('h3', { id: 'entity-edit-h' }, 'Edit'),
    h('div', { class: 'form-row' }, h('label', { for: 'entity-name' }, 'Name'), name),
    h('div', { class: 'form-row' }, h('label', { for: 'entity-aliases' }, 'Aliases (one a line)'), aliases),
    h(
      'div',
      { class: 'form-row' },
      h('label', { for: 'entity-qid' }, 'Wikidata QID'),
      qid,
      h('span', { id: 'entity-qid-hint', class: 'small muted' }, 'Q followed by digits; empty removes it.'),
    ),
    editStatus,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Save')),
  );
}

/** The form that merges the entity into another, after a confirmation. */
function entityMergeForm(entity: Entity, path: string): HTMLFormElement {
  const into = h('input', { id: 'merge-into', type: 'text', required: true, spellcheck: 'false', autocomplete: 'off' });
  const mergeStatus = h('p', { class: 'form-status', role: 'status' });
  return h(
    'form',
    {
      class: 'form',
      'aria-labelledby': 'entity-merge-h',
      onsubmit: (event) => {
        event.preventDefault();
        const target = into.value.trim();
        if (!target || target === entity.id) {
          mergeStatus.textContent = 'Give the id of another entity.';
          return;
        }
        if (
          !window.confirm(
            `Merge “${entity.name}” into “${target}”? Its mentions move there and this entity is removed.`,
          )
        )
          return;
        write<EntityMergeResult>('POST', `${path}/merge`, { into: target }).then(
          (result) => navigate(`/entities/${encodeURIComponent(result.entity.id)}`),
          (error: unknown) => (mergeStatus.textContent = `Not merged: ${describeApiError(error)}`),
        );
      },
    },
    h('h3', { id: 'entity-merge-h' }, 'Merge into another entity'),
    h('div', { class: 'form-row' }, h('label', { for: 'merge-into' }, 'Target entity id'), into),
    mergeStatus,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button-quiet' }, 'Merge')),
  );
}

export function entityEditorPanel(entity: Entity): HTMLElement {
  const path = `/api/entities/${encodeURIComponent(entity.id)}`;
  return h(
    'section',
    { class: 'panel editor-panel', 'aria-labelledby': 'entity-editor-h' },
    h('h2', { id: 'entity-editor-h' }, 'Editing'),
    entityEditForm(entity, path),
    entityMergeForm(entity, path),
  );
}
