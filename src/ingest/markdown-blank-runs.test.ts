// Blank-line runs before Markdown parsing: cut to two lines (front matter kept), with a line map
// back to the file, so that a megabyte of line breaks costs milliseconds and positions stay true.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DossierError } from '../model/index.js';
import { ingestProfile } from './ingest-profile.js';
import { collapseBlankRuns } from './markdown-profile-parser.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const example = readFileSync(path.join(root, 'examples', 'china.md'), 'utf8');

const cpuMs = (work: () => void): number => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

describe('collapseBlankRuns', () => {
  it('keeps at most two blank lines in a row and maps every kept line to its line in the file', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const lines: string[] = [];
      for (let i = 0, n = Math.floor(random() * 60); i < n; i++) {
        const r = random();
        lines.push(r < 0.45 ? '' : r < 0.55 ? ' \t ' : `line ${i}`);
      }
      const source = lines.join('\n');
      const { text, originalLine } = collapseBlankRuns(source);
      const kept = text.split('\n');
      const fileLines = source.split('\n');
      kept.forEach((line, index) => expect(line).toBe(fileLines[originalLine(index + 1) - 1]));
      expect(text).not.toMatch(/\n[ \t]*\n[ \t]*\n[ \t]*\n/);
      // Nothing but blank lines is dropped.
      expect(kept.filter((line) => line.trim() !== '')).toEqual(lines.filter((line) => line.trim() !== ''));
    }
  });

  it('leaves front matter as it is, blank lines included', () => {
    const source = '---\nactor: Kazakhstan\nnote: |\n  one\n\n\n\n  two\n---\n\n\n\n\n# Kazakhstan\n';
    const { text, originalLine } = collapseBlankRuns(source);
    expect(text.startsWith('---\nactor: Kazakhstan\nnote: |\n  one\n\n\n\n  two\n---\n')).toBe(true);
    const titleLine = text.split('\n').indexOf('# Kazakhstan') + 1;
    expect(originalLine(titleLine)).toBe(source.split('\n').indexOf('# Kazakhstan') + 1);
  });

  it('returns the source itself when nothing is cut', () => {
    expect(collapseBlankRuns(example).text).toBe(example);
  });
});

describe('Markdown with long runs of blank lines', () => {
  it('parses a megabyte of line breaks (LF and CRLF) in well under the CPU budget, as the compact document', () => {
    const compact = ingestProfile({ bytes: Buffer.from(example), name: 'china.md' });
    for (const lineEnd of ['\n', '\r\n']) {
      const padded = example.replace('\n\n## ', `\n${lineEnd.repeat(500_000)}\n## `);
      let document: ReturnType<typeof ingestProfile> | undefined;
      const spent = cpuMs(() => (document = ingestProfile({ bytes: Buffer.from(padded), name: 'padded.md' })));
      expect(spent, `${JSON.stringify(lineEnd)}: ${spent} ms`).toBeLessThan(1500);
      expect(document!.actor).toEqual(compact.actor);
      expect(document!.interests.map((interest) => interest.title)).toEqual(
        compact.interests.map((interest) => interest.title),
      );
      const sentences = (d: typeof compact) =>
        d.sentences.map((sentence) => d.text.slice(sentence.start, sentence.end));
      expect(sentences(document!)).toEqual(sentences(compact));
    }
  });

  it('reports a refusal after a long blank run at its line in the file', () => {
    // A sentence over the length limit in a paragraph after 10,000 blank lines: refused at the paragraph's line.
    const long = `${'word '.repeat(11_000)}end.`;
    const source = `# Kazakhstan\n\n## Profile\n${'\n'.repeat(10_000)}${long}\n`;
    let error: DossierError | undefined;
    try {
      ingestProfile({ bytes: Buffer.from(source), name: 'blank.md' });
    } catch (caught) {
      error = caught as DossierError;
    }
    expect(error).toBeInstanceOf(DossierError);
    expect([error!.code, error!.line]).toEqual(['LIMIT_EXCEEDED', 10_004]);
  });
});
