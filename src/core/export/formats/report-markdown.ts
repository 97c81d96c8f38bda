// `markdown`: the dossier report (report-model.ts) as CommonMark with GitHub footnotes (`[^1]`):
// a title, a table of contents linking each actor's section, then each actor's statements, each
// followed by its footnote references, and the footnotes that quote the evidence at the end of the
// actor's section. Written actor by actor as the report is built.
import type { Exporter } from '../exporter.js';
import { actorReports, citationSource, reportOutline, type ActorReport, type ReportCitation } from './report-model.js';

/** Text escaped so that CommonMark/GFM reads it as the same plain text (no emphasis, links, HTML, lists). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+\-=>])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

const footnote = (citation: ReportCitation): string =>
  `[^${citation.number}]: “${escapeMarkdown(citation.quote)}” — ${escapeMarkdown(citationSource(citation))}\n`;

function actorSection(report: ActorReport): string {
  const lines: string[] = [`<a id="${report.anchor}"></a>`, '', `## ${escapeMarkdown(report.name)}`, ''];
  for (const part of report.parts) {
    lines.push(`### ${escapeMarkdown(part.title)}`, '');
    for (const statement of part.statements)
      lines.push(`- ${escapeMarkdown(statement.text)}${statement.notes.map((n) => `[^${n}]`).join('')}`);
    if (part.statements.length) lines.push('');
    if (part.remark) lines.push(`*${escapeMarkdown(part.remark)}*`, '');
  }
  lines.push('');
  return `${lines.join('\n')}${report.citations.map(footnote).join('')}\n`;
}

export const markdownReportExporter: Exporter = {
  name: 'markdown',
  description:
    'a dossier report of one actor or of every profile (summary, interests, posture, events, relations, checks, ' +
    'compare row, sources), every statement footnoted with its evidence',
  mediaType: 'text/markdown; charset=utf-8',
  extension: 'md',
  scoped: true,
  async *write(context) {
    const outline = await reportOutline(context);
    const head = [
      `# ${escapeMarkdown(outline.title)}`,
      '',
      `Exported ${outline.exportedAt} (facts: ${outline.filter.status}). Every statement cites the sentence it ` +
        `rests on.`,
      '',
    ];
    if (outline.entries.length > 1) {
      head.push(
        '## Contents',
        '',
        ...outline.entries.map((entry) => `- [${escapeMarkdown(entry.name)}](#${entry.anchor})`),
        '',
      );
    }
    yield `${head.join('\n')}\n`;
    for await (const report of actorReports(context)) yield actorSection(report);
  },
};
