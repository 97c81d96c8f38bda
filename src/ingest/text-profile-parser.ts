// Reads the plain-text profile layout (the seed's): title line, section headings recognised by
// name, ranked interest lines (`1. Title`, `1) Title`, `(1) Title`) and paragraph lines, with
// offsets into the text itself, so the text is used as it is.
import type { LayoutLine } from './profile-layout.js';
import { parseInterestMarker, textHeadingKind } from './profile-headings.js';

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 13 || code === 0xa0 || code === 0xfeff;
}

/** Classifies the lines of a plain-text profile. Linear in the length of the text. */
export function parseTextProfile(text: string): LayoutLine[] {
  const lines: LayoutLine[] = [];
  let titleDone = false;
  let interestsActive = false;
  let paragraph: LayoutLine | null = null;
  let lineNumber = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    lineNumber++;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let contentStart = lineStart;
    while (contentStart < lineEnd && isBlank(text.charCodeAt(contentStart))) contentStart++;
    let contentEnd = lineEnd;
    while (contentEnd > contentStart && isBlank(text.charCodeAt(contentEnd - 1))) contentEnd--;
    const source = { line: lineNumber, column: contentStart - lineStart + 1 };

    if (contentEnd === contentStart) {
      paragraph = null;
    } else {
      const line = text.slice(contentStart, contentEnd);
      const headingKind = titleDone ? textHeadingKind(line) : null;
      const marker = titleDone && interestsActive && !headingKind ? parseInterestMarker(line) : null;
      if (!titleDone) {
        const known = textHeadingKind(line);
        if (known && known !== 'other') {
          lines.push({
            kind: 'heading',
            start: contentStart,
            end: contentEnd,
            contentStart,
            contentEnd,
            sectionKind: known,
            source,
          });
        } else {
          lines.push({ kind: 'title', start: contentStart, end: contentEnd, contentStart, contentEnd, source });
        }
        titleDone = true;
        paragraph = null;
      } else if (headingKind) {
        const headingEnd = text[contentEnd - 1] === ':' ? contentEnd - 1 : contentEnd;
        lines.push({
          kind: 'heading',
          start: contentStart,
          end: contentEnd,
          contentStart,
          contentEnd: headingEnd,
          sectionKind: headingKind,
          source,
        });
        interestsActive = headingKind === 'interests';
        paragraph = null;
      } else if (marker) {
        lines.push({
          kind: 'interest',
          start: contentStart,
          end: contentEnd,
          contentStart: contentStart + marker.titleStart,
          contentEnd: contentStart + marker.titleEnd,
          rank: marker.rank,
          source,
        });
        paragraph = null;
      } else if (paragraph) {
        paragraph.end = contentEnd;
        paragraph.contentEnd = contentEnd;
      } else {
        paragraph = { kind: 'paragraph', start: contentStart, end: contentEnd, contentStart, contentEnd, source };
        lines.push(paragraph);
      }
    }
    lineStart = lineEnd + 1;
  }
  return lines;
}
