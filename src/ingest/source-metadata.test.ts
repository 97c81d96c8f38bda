// Byline, dateline, publisher and captions at the head of a source: found with the span of their
// value, kept apart from the prose; a body sentence that starts with "By" or names a date stays prose.
import { describe, expect, it } from 'vitest';
import { dateOfLine, findSourceMetadata } from './source-metadata.js';
import { parseTextProfile } from './text-profile-parser.js';

const metadataOf = (text: string) => {
  const lines = parseTextProfile(text);
  const found = findSourceMetadata(text, lines);
  const value = (field: { start: number; end: number; value: string } | null) =>
    field ? { value: field.value, words: text.slice(field.start, field.end) } : null;
  return {
    author: value(found.author),
    published: value(found.published),
    publisher: value(found.publisher),
    prose: lines
      .filter((line, index) => line.kind !== 'title' && !found.consumed.has(index))
      .map((line) => text.slice(line.start, line.end)),
  };
};

const body =
  'Kazakhstan resumed wheat exports to Afghanistan in October, officials in Astana said on Tuesday, after a ' +
  'pause that lasted most of the summer months.';

describe('findSourceMetadata', () => {
  it('finds byline, dateline and publisher lines, each with the span of its value', () => {
    const result = metadataOf(
      `Kazakhstan resumes grain exports\n\nBy Jane Doe and Arman Seitkali\n\nPublished: Feb. 22, 2022\n\nSource: ` +
        `Reuters\n\n${body}\n`,
    );
    expect(result.author).toEqual({ value: 'Jane Doe and Arman Seitkali', words: 'Jane Doe and Arman Seitkali' });
    expect(result.published).toEqual({ value: '2022-02-22', words: 'Feb. 22, 2022' });
    expect(result.publisher).toEqual({ value: 'Reuters', words: 'Reuters' });
    expect(result.prose).toEqual([body]);
  });

  it('reads fields that share a line or follow each other without a blank line', () => {
    expect(metadataOf(`Grain talks\n\nBy Jane Doe | 09/08/2021\n\n${body}\n`)).toMatchObject({
      author: { value: 'Jane Doe' },
      published: { value: '2021-09-08', words: '09/08/2021' },
    });
    expect(metadataOf(`Grain talks\nAuthor: Jane Doe\nUpdated 3 March 2023\n\n${body}\n`)).toMatchObject({
      author: { value: 'Jane Doe' },
      published: { value: '2023-03-03' },
      prose: [body],
    });
  });

  it('keeps photo captions and credits out of the prose', () => {
    const result = metadataOf(`Grain talks\n\nPhoto: Trucks at the Hairatan crossing (Reuters)\n\n${body}\n`);
    expect(result.prose).toEqual([body]);
    expect(result.author).toBeNull();
  });

  it(
    'leaves prose alone: "By contrast", a short sentence with a ' + 'date, and anything after the first long paragraph',
    () => {
      expect(metadataOf(`Grain talks\n\nBy contrast, Uzbekistan waited.\n\n${body}\n`).prose).toEqual([
        'By contrast, Uzbekistan waited.',
        body,
      ]);
      expect(metadataOf(`Grain talks\n\nTalks resumed on 3 March 2023 in Kabul.\n\n${body}\n`).prose).toEqual([
        'Talks resumed on 3 March 2023 in Kabul.',
        body,
      ]);
      expect(metadataOf(`Grain talks\n\n${body}\n\nAnother paragraph of the report.\n\nBy Jane Doe\n`).prose).toEqual([
        body,
        'Another paragraph of the report.',
        'By Jane Doe',
      ]);
      expect(metadataOf(`Grain talks\n\n${body} ${body}\n\nBy Jane Doe\n`).prose).toEqual([
        `${body} ${body}`,
        'By Jane Doe',
      ]);
      // A standfirst before the byline.
      expect(metadataOf(`Grain talks\n\nThe first shipment since June.\n\nBy Jane Doe\n\n${body}\n`)).toMatchObject({
        author: { value: 'Jane Doe' },
        prose: ['The first shipment since June.', body],
      });
    },
  );
});

describe('dateOfLine', () => {
  it('gives EDTF at the precision the line has, only when a date is the line', () => {
    expect(dateOfLine('22 February 2022')).toBe('2022-02-22');
    expect(dateOfLine('February 2022')).toBe('2022-02');
    expect(dateOfLine('Tuesday, March 7, 2023 10:32 GMT')).toBe('2023-03-07');
    expect(dateOfLine('The talks were held in Kabul on 22 February 2022 with officials')).toBeNull();
    expect(dateOfLine('March 7')).toBeNull(); // no year: not a dateline
  });
});
