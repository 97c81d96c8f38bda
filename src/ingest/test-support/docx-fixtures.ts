// Word documents of the example profiles, written at test time with the `docx` package: the
// title (Word's Title style or Heading 1), sections as Heading 2, interests as a Word-numbered
// list or numbered Heading 3 paragraphs, and optionally a footnote and an endnote. Shared by the
// DOCX reader's tests and the end-to-end ingest tests.
import { AlignmentType, Document, EndnoteReferenceRun, FootnoteReferenceRun, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';

export interface ExampleBlock {
  kind: 'title' | 'section' | 'interest' | 'paragraph';
  text: string;
  rank?: number;
}

/** The blocks of an example profile (title, `##` sections, `### N.` interests, paragraphs and the notice). */
export function exampleBlocks(markdown: string): { actor: string; blocks: ExampleBlock[] } {
  const actor = /^actor:\s*(.+)$/m.exec(markdown)?.[1]?.trim() ?? '';
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const blocks: ExampleBlock[] = [];
  for (const chunk of body.split(/\n\s*\n/)) {
    const text = chunk
      .split('\n')
      .map((line) => line.replace(/^>\s?/, '').trim())
      .join(' ')
      .trim();
    if (!text) continue;
    const interest = /^###\s+(\d+)\.\s+(.+)$/.exec(text);
    if (interest) blocks.push({ kind: 'interest', rank: Number(interest[1]), text: interest[2] as string });
    else if (text.startsWith('## ')) blocks.push({ kind: 'section', text: text.slice(3) });
    else if (text.startsWith('# ')) blocks.push({ kind: 'title', text: text.slice(2) });
    else blocks.push({ kind: 'paragraph', text });
  }
  return { actor, blocks };
}

export interface DocxStyle {
  /** Title paragraph: Word's Title style or Heading 1. */
  title: 'Title' | 'Heading 1';
  /** Interests: a numbered list (Word numbering) or Heading 3 paragraphs with the number in their text. */
  interests: 'numbered list' | 'numbered heading';
  /** A footnote (and an endnote) in the first paragraph of the Profile section. */
  notes: boolean;
}

export const footnoteText = 'Figures in this profile are rounded.';
export const endnoteText = 'Reported by several outlets.';

/** A Word document of an example profile, with the title written as the front matter's actor. */
export async function exampleDocx(markdown: string, style: DocxStyle): Promise<Uint8Array> {
  const { actor, blocks } = exampleBlocks(markdown);
  const children: Paragraph[] = [];
  let notesPlaced = !style.notes;
  for (const block of blocks) {
    if (block.kind === 'title') children.push(new Paragraph({ text: actor, heading: style.title === 'Title' ? HeadingLevel.TITLE : HeadingLevel.HEADING_1 }));
    else if (block.kind === 'section') children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }));
    else if (block.kind === 'interest') {
      children.push(
        style.interests === 'numbered list'
          ? new Paragraph({ text: block.text, numbering: { reference: 'interests', level: 0 } })
          : new Paragraph({ text: `${block.rank}. ${block.text}`, heading: HeadingLevel.HEADING_3 }),
      );
    } else if (!notesPlaced && children.length > 2 && block.text.includes('. ')) {
      // Reference marks right after the first sentence: they must not glue the notes into it.
      const cut = block.text.indexOf('. ') + 1;
      children.push(
        new Paragraph({
          children: [new TextRun(block.text.slice(0, cut)), new FootnoteReferenceRun(1), new EndnoteReferenceRun(1), new TextRun(block.text.slice(cut))],
        }),
      );
      notesPlaced = true;
    } else children.push(new Paragraph(block.text));
  }
  const document = new Document({
    numbering: { config: [{ reference: 'interests', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    ...(style.notes ? { footnotes: { 1: { children: [new Paragraph(footnoteText)] } }, endnotes: { 1: { children: [new Paragraph(endnoteText)] } } } : {}),
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
