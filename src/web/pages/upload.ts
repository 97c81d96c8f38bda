// Upload, paste or fetch a profile (editors): a .txt, .md, .html, .docx or .pdf file, pasted text with
// its format, or the address of a page or document on the web.
// The answer says whether the actor was created, got a new version or was unchanged, and links
// to it; a 413 and ingest errors are shown with their line and column.
import type { IngestOutcome, SourceFormat } from '../../model/index.js';
import { ApiError, describeApiError } from '../api.js';
import { h } from '../dom.js';
import type { Page } from '../router.js';
import { requireEditor } from '../editor-guard.js';
import { write } from '../session.js';

/**
 * The formats a reader reads, as the model's `sourceFormatInfo` declares them (the web imports types only, so the
 * table is restated here: the Record type makes a new format a compile error until it is added, and
 * src/ingest/document-readers.test.ts checks the values are the model's).
 */
export const uploadFormats: Record<SourceFormat, { label: string; extensions: string[]; mediaTypes: string[] }> = {
  text: { label: 'Plain text', extensions: ['txt', 'text'], mediaTypes: ['text/plain'] },
  markdown: { label: 'Markdown', extensions: ['md', 'markdown'], mediaTypes: ['text/markdown'] },
  html: { label: 'HTML', extensions: ['html', 'htm'], mediaTypes: ['text/html'] },
  docx: {
    label: 'Word (.docx)',
    extensions: ['docx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  },
  pdf: { label: 'PDF', extensions: ['pdf'], mediaTypes: ['application/pdf'] },
};
const binaryFormats: ReadonlySet<string> = new Set<SourceFormat>(['docx', 'pdf']);
const allFormats = Object.entries(uploadFormats).map(([value, info]) => ({ value, ...info }));
/** Formats of pasted text; a file may also be a Word or PDF document, or say its format by its name. */
const textFormats = allFormats.filter((format) => !binaryFormats.has(format.value));
const formats = [{ value: '', label: 'From the file name' }, ...allFormats];
const acceptedFiles = [
  ...allFormats.flatMap((format) => format.extensions.map((extension) => `.${extension}`)),
  ...allFormats.flatMap((format) => format.mediaTypes),
].join(',');

function outcomeView(outcome: IngestOutcome): HTMLElement {
  const actorHref = `/actors/${encodeURIComponent(outcome.actorId)}`;
  const said =
    outcome.status === 'created'
      ? `Created ${outcome.actorName} (version 1).`
      : outcome.status === 'new-version'
        ? `Saved version ${outcome.version} of ${outcome.actorName}.`
        : `Unchanged: the text is the same as version ${outcome.version} of ${outcome.actorName}; nothing was saved.`;
  return h(
    'div',
    { class: `outcome outcome-${outcome.status}`, 'data-status': outcome.status },
    h(
      'p',
      { class: 'outcome-line' },
      h(
        'strong',
        null,
        outcome.status === 'created' ? 'Created' : outcome.status === 'new-version' ? 'New version' : 'Unchanged',
      ),
      ' · ',
      said,
    ),
    h(
      'ul',
      { class: 'outcome-links' },
      h('li', null, h('a', { href: actorHref }, `Open ${outcome.actorName}`)),
      outcome.status === 'new-version'
        ? h(
            'li',
            null,
            h(
              'a',
              { href: `${actorHref}/changes?from=${outcome.version - 1}&to=${outcome.version}` },
              'See what changed',
            ),
          )
        : null,
      outcome.status !== 'unchanged'
        ? h(
            'li',
            null,
            h('a', { href: `/review?actor=${encodeURIComponent(outcome.actorId)}` }, 'Review the extracted facts'),
          )
        : null,
    ),
  );
}

function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError && error.status === 413) {
    return h(
      'div',
      { class: 'form-error-box' },
      h('p', null, h('strong', null, 'Too large. '), error.message, '.'),
      error.envelope.expected ? h('p', null, `Send ${error.envelope.expected}.`) : null,
    );
  }
  if (error instanceof ApiError) {
    const { file, line, column, expected } = error.envelope;
    return h(
      'div',
      { class: 'form-error-box' },
      h('p', null, h('strong', null, 'The profile was not saved. '), error.message),
      line !== undefined || file
        ? h(
            'p',
            { class: 'error-where' },
            file ? `In ${file}` : 'At',
            line !== undefined ? `${file ? ', ' : ' '}line ${line}` : '',
            column !== undefined ? `, column ${column}` : '',
          )
        : null,
      expected ? h('p', null, `Expected ${expected}.`) : null,
    );
  }
  return h('div', { class: 'form-error-box' }, h('p', null, `The profile was not saved: ${describeApiError(error)}`));
}

/** Shows an answer (or a refusal) in the result area; runs one ingest request with its button disabled. */
interface Ingest {
  show: (node: Node) => void;
  run: (button: HTMLButtonElement, work: () => Promise<IngestOutcome>) => void;
}

/** The file form: a file and its format (or the format its name says). */
function uploadFormView({ show, run }: Ingest): HTMLFormElement {
  const file = h('input', {
    id: 'upload-file',
    name: 'file',
    type: 'file',
    accept: acceptedFiles,
    required: true,
  });
  const fileFormat = h(
    'select',
    { id: 'upload-format', name: 'format' },
    formats.map((f) => h('option', { value: f.value }, f.label)),
  );
  const uploadButton = h('button', { type: 'submit', class: 'button' }, 'Upload');
  return h(
    'form',
    {
      class: 'form',
      'aria-labelledby': 'upload-h',
      onsubmit: (event) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) {
          show(h('div', { class: 'form-error-box' }, h('p', null, 'Choose a file first.')));
          return;
        }
        const body = new FormData();
        if (fileFormat.value) body.append('format', fileFormat.value);
        body.append('file', chosen, chosen.name);
        run(uploadButton, () => write<IngestOutcome>('POST', '/api/documents', body));
      },
    },
    h('h2', { id: 'upload-h' }, 'Upload a file'),
    h(
      'div',
      { class: 'form-row' },
      h('label', { for: 'upload-file' }, 'Profile file (.txt, .md, .html, .docx or .pdf)'),
      file,
    ),
    h('div', { class: 'form-row' }, h('label', { for: 'upload-format' }, 'Format'), fileFormat),
    h('div', { class: 'form-actions' }, uploadButton),
  );
}

/** The paste form: a name, a text format and the text. */
function pasteFormView({ show, run }: Ingest): HTMLFormElement {
  const name = h('input', {
    id: 'paste-name',
    name: 'name',
    type: 'text',
    required: true,
    maxlength: 200,
    placeholder: 'e.g. uzbekistan.md',
  });
  const pasteFormat = h(
    'select',
    { id: 'paste-format', name: 'format' },
    textFormats.map((f) => h('option', { value: f.value }, f.label)),
  );
  const content = h('textarea', {
    id: 'paste-content',
    name: 'content',
    rows: 14,
    required: true,
    spellcheck: 'false',
  });
  const pasteButton = h('button', { type: 'submit', class: 'button' }, 'Save the pasted profile');
  return h(
    'form',
    {
      class: 'form',
      'aria-labelledby': 'paste-h',
      onsubmit: (event) => {
        event.preventDefault();
        if (!name.value.trim() || !content.value.trim()) {
          show(h('div', { class: 'form-error-box' }, h('p', null, 'Give the profile a name and paste its text.')));
          return;
        }
        run(pasteButton, () =>
          write<IngestOutcome>('POST', '/api/documents/paste', {
            name: name.value.trim(),
            format: pasteFormat.value,
            content: content.value,
          }),
        );
      },
    },
    h('h2', { id: 'paste-h' }, 'Or paste it'),
    h(
      'div',
      { class: 'form-row' },
      h('label', { for: 'paste-name' }, 'Name (a file name; the same name adds a version)'),
      name,
    ),
    h('div', { class: 'form-row' }, h('label', { for: 'paste-format' }, 'Format'), pasteFormat),
    h('div', { class: 'form-row' }, h('label', { for: 'paste-content' }, 'Profile text'), content),
    h('div', { class: 'form-actions' }, pasteButton),
  );
}

/** The address form: a page or document fetched from the web. */
function urlFormView({ show, run }: Ingest): HTMLFormElement {
  const address = h('input', {
    id: 'url-address',
    name: 'url',
    type: 'url',
    required: true,
    maxlength: 2000,
    placeholder: 'https://…',
    inputmode: 'url',
  });
  const urlButton = h('button', { type: 'submit', class: 'button' }, 'Fetch and save');
  return h(
    'form',
    {
      class: 'form',
      'aria-labelledby': 'url-h',
      onsubmit: (event) => {
        event.preventDefault();
        const value = address.value.trim();
        if (!/^https?:\/\//i.test(value)) {
          show(
            h(
              'div',
              { class: 'form-error-box' },
              h('p', null, 'Give an address that starts with http:// or https://.'),
            ),
          );
          return;
        }
        run(urlButton, () => write<IngestOutcome>('POST', '/api/documents/url', { url: value }));
      },
    },
    h('h2', { id: 'url-h' }, 'Or fetch it from the web'),
    h(
      'div',
      { class: 'form-row' },
      h('label', { for: 'url-address' }, 'Address of a page, text, Word or PDF document'),
      address,
    ),
    h(
      'p',
      { class: 'muted small' },
      'Fetched once, with a time and size limit; addresses on private networks are refused unless the server ' +
        'allows them.',
    ),
    h('div', { class: 'form-actions' }, urlButton),
  );
}

export const uploadPage: Page = async () => {
  const guard = await requireEditor('Add a profile');
  if ('page' in guard) return guard.page;

  const result = h('div', { class: 'upload-result', role: 'status', 'aria-live': 'polite' });
  const show = (node: Node) => result.replaceChildren(node);
  const run = (button: HTMLButtonElement, work: () => Promise<IngestOutcome>) => {
    button.disabled = true;
    show(h('p', { class: 'muted' }, 'Reading the profile and extracting its facts…'));
    work()
      .then(
        (outcome) => show(outcomeView(outcome)),
        (error: unknown) => show(errorBox(error)),
      )
      .finally(() => (button.disabled = false));
  };

  const ingest: Ingest = { show, run };
  const uploadForm = uploadFormView(ingest);
  const pasteForm = pasteFormView(ingest);
  const urlForm = urlFormView(ingest);

  return {
    title: 'Add a profile',
    node: h(
      'div',
      { class: 'page upload-page' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', null, 'Add a profile'),
        h(
          'p',
          { class: 'lede' },
          'A new profile creates an actor; a changed profile of a known actor becomes its next version. The ' +
            'facts the machine extracts wait in the review queue.',
        ),
      ),
      result,
      h('div', { class: 'upload-grid' }, uploadForm, pasteForm, urlForm),
    ),
  };
};
