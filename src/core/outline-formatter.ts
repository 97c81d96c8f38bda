// A readable plain-text outline of an extraction, for `dossier extract --format text`.
import { relationSentence, type Extraction } from '../model/index.js';

const clip = (value: string, width = 96): string => (value.length > width ? `${value.slice(0, width - 1)}…` : value);
const oneLine = (value: string): string => value.replace(/\s+/g, ' ').trim();

export function formatExtractionOutline(extraction: Extraction): string {
  const { text } = extraction;
  const lines: string[] = [];
  const actor = extraction.actor;
  lines.push(`${actor.name}${actor.country ? ` (${actor.country})` : ''}`);
  lines.push('');
  lines.push('Sections');
  for (const section of extraction.sections) lines.push(`  ${section.heading}  [${section.start}–${section.end}]`);
  lines.push('');
  lines.push('Interests');
  for (const interest of extraction.interests) {
    const themes = interest.themes.length ? `  {${interest.themes.join(', ')}}` : '';
    lines.push(`  ${interest.rank}. ${interest.title}${themes}`);
  }
  lines.push('');
  lines.push(`Sentences (${extraction.sentences.length})`);
  extraction.sentences.forEach((sentence, index) => {
    lines.push(`  ${String(index + 1).padStart(2)}  ${clip(oneLine(text.slice(sentence.start, sentence.end)))}`);
  });
  if (extraction.mentions.length) {
    lines.push('');
    lines.push(`Entities (${extraction.entities.length}, ${extraction.mentions.length} mentions)`);
    const counts = new Map<string, number>();
    for (const mention of extraction.mentions) counts.set(mention.entity, (counts.get(mention.entity) ?? 0) + 1);
    for (const entity of [...extraction.entities].sort(
      (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
    )) {
      const details = [entity.type, entity.country, entity.wikidata].filter(Boolean).join(', ');
      lines.push(`  ${entity.name} — ${details} ×${counts.get(entity.id) ?? 0}`);
    }
  }
  if (extraction.times.length) {
    lines.push('');
    lines.push('Times');
    for (const time of extraction.times) lines.push(`  ${time.text} → ${time.value}`);
  }
  if (extraction.quantities.length) {
    lines.push('');
    lines.push('Quantities');
    for (const quantity of extraction.quantities) lines.push(`  ${quantity.text} → ${quantity.value} ${quantity.unit}`);
  }
  if (extraction.events.length) {
    lines.push('');
    lines.push('Events');
    for (const event of extraction.events) {
      const where = event.place ? ` at ${event.place}` : '';
      lines.push(`  ${event.type}${event.date ? ` ${event.date}` : ''}: ${event.actors.join(', ')}${where}`);
      lines.push(`      “${clip(oneLine(text.slice(event.evidence.start, event.evidence.end)), 90)}”`);
    }
  }
  if (extraction.relations.length) {
    lines.push('');
    lines.push('Relations');
    for (const relation of extraction.relations) {
      lines.push(`  ${relationSentence(relation.subject, relation, relation.object)}`);
    }
  }
  if (extraction.posture) {
    lines.push('');
    lines.push(
      `Posture: ${extraction.posture.label} — ` +
        `“${clip(oneLine(text.slice(extraction.posture.evidence.start, extraction.posture.evidence.end)), 90)}”`,
    );
  }
  return `${lines.join('\n')}\n`;
}
