// The `markdown` dossier report: it parses as CommonMark with GitHub footnotes, every statement has
// a footnote and every footnote reference is defined; footnotes quote the evidence sentence with
// document, version and, for a PDF source, page; text that looks like Markdown stays plain text.
import { toString } from 'mdast-util-to-string';
import type { FootnoteDefinition, FootnoteReference, ListItem, Nodes } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownReportExporter } from './report-markdown.js';
import {
  arabicName,
  cyrillicName,
  exportBytes,
  openReportFixture,
  parseReport,
  quoteOf,
  type ReportFixture,
} from './test-support/report-fixture.js';

let fixture: ReportFixture;
beforeAll(async () => {
  fixture = await openReportFixture();
}, 180_000);
afterAll(async () => fixture?.close());

function nodesOf<T extends Nodes['type']>(tree: Nodes, type: T): Array<Extract<Nodes, { type: T }>> {
  const found: Array<Extract<Nodes, { type: T }>> = [];
  const visit = (node: Nodes): void => {
    if (node.type === type) found.push(node as Extract<Nodes, { type: T }>);
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

describe('markdown report', () => {
  it(
    'of the seed parses with every footnote reference defined, ' + 'every definition used, every statement footnoted',
    async () => {
      const markdown = (await exportBytes(markdownReportExporter, fixture.dossier, { actor: 'kazakhstan' })).toString(
        'utf8',
      );
      const tree = parseReport(markdown);
      const references = nodesOf(tree, 'footnoteReference') as FootnoteReference[];
      const definitions = nodesOf(tree, 'footnoteDefinition') as FootnoteDefinition[];
      expect(definitions.length).toBeGreaterThan(10);
      const defined = new Set(definitions.map((d) => d.identifier));
      expect(defined.size).toBe(definitions.length);
      for (const reference of references) expect(defined.has(reference.identifier)).toBe(true);
      expect(new Set(references.map((r) => r.identifier))).toEqual(defined);
      const statements = (nodesOf(tree, 'listItem') as ListItem[]).filter((item) => nodesOf(item, 'link').length === 0);
      expect(statements.length).toBeGreaterThan(10);
      for (const item of statements)
        expect(nodesOf(item, 'footnoteReference').length, toString(item)).toBeGreaterThan(0);
      // The parts of the report, and quotes that are sentences of the seed.
      const headings = nodesOf(tree, 'heading').map((h) => toString(h));
      expect(headings).toEqual(
        expect.arrayContaining([
          'Profile summary',
          'Interests',
          'Posture',
          'Key events',
          'Relations',
          'Reference checks',
          'Compare row',
          'In the sources',
        ]),
      );
      const quotes = definitions.map(quoteOf);
      expect(quotes).toContain('Kazakhstan and Afghanistan do not share a border and ethnic connections.');
      expect(markdown).toMatch(/Confirmed: Kazakhstan does not border Afghanistan/);
    },
  );

  it('cites the page of a PDF source and the version of each document', async () => {
    const tree = parseReport(
      (await exportBytes(markdownReportExporter, fixture.dossier, { actor: 'kazakhstan' })).toString('utf8'),
    );
    const notes = (nodesOf(tree, 'footnoteDefinition') as FootnoteDefinition[]).map((d) => toString(d));
    expect(notes).toContain(
      '“Kazakhstan shipped another forty thousand tonnes of flour to Afghanistan through Hairatan in February.” ' +
        '— Grain convoys cross the Amu Darya (source), version 1, p. 2',
    );
    expect(notes.every((note) => /, version \d+(, p\. \d+)?$/.test(note))).toBe(true);
  });

  it(
    'of the collection has a table of contents linking every ' + 'profile, and footnote numbers unique across actors',
    async () => {
      const markdown = (await exportBytes(markdownReportExporter, fixture.dossier)).toString('utf8');
      const tree = parseReport(markdown);
      const links = nodesOf(tree, 'link').map((link) => link.url);
      const profiles = await fixture.dossier.listActors();
      expect(links).toEqual(profiles.map((p) => `#actor-${p.id}`));
      for (const profile of profiles) expect(markdown).toContain(`<a id="actor-${profile.id}"></a>`);
      const definitions = nodesOf(tree, 'footnoteDefinition');
      expect(new Set(definitions.map((d) => d.identifier)).size).toBe(definitions.length);
      // Sources have no section of their own in a collection report.
      expect(markdown).not.toContain('## Grain convoys cross the Amu Darya');
    },
  );

  it('keeps Arabic and Cyrillic names', async () => {
    const markdown = (await exportBytes(markdownReportExporter, fixture.dossier, { actor: 'bahrain' })).toString(
      'utf8',
    );
    expect(markdown).toContain(arabicName);
    expect(markdown).toContain(cyrillicName);
  });

  it('leaves confirmed-only facts out of a confirmed report (no review confirmed any)', async () => {
    const markdown = (
      await exportBytes(markdownReportExporter, fixture.dossier, { actor: 'kazakhstan', status: 'confirmed' })
    ).toString('utf8');
    expect(markdown).toContain('*No ranked interests.*');
    expect(markdown).toContain('*No events.*');
  });

  it('escapes text that Markdown would read as markup', () => {
    for (const text of [
      '1. Not a list',
      '# not a heading',
      'a *star* and _under_ [link](x) <b>tag</b> `code` | pipe ~strike~ &amp;',
      '- dash',
      '+ plus',
      '> quote',
    ]) {
      const tree = parseReport(`- ${escapeMarkdown(text)}`);
      expect(toString(tree)).toBe(text);
      expect(nodesOf(tree, 'list')).toHaveLength(1);
    }
  });
});
