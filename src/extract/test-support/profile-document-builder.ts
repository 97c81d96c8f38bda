// Test support: builds small ProfileDocuments by hand (src/extract may not import src/ingest).
// Sentences are given one by one, so their spans are exact; sections and interests follow them.
import {
  contentHash,
  type ProfileDocument,
  type Section,
  type InterestSpan,
  type Sentence,
} from '../../model/index.js';

export interface BuildOptions {
  actor?: string;
  country?: string | null;
  focus?: string;
  /** Sentences of the Profile section. */
  profile?: string[];
  /** Ranked interests with their sentences. */
  interests?: Array<{ title: string; sentences: string[] }>;
}

export function buildProfileDocument(options: BuildOptions): ProfileDocument {
  const actorName = options.actor ?? 'Kazakhstan';
  const country = options.country === undefined ? 'KAZ' : options.country;
  let text = `${actorName}\n\n`;
  const sections: Section[] = [];
  const interests: InterestSpan[] = [];
  const sentences: Sentence[] = [];
  const addSentences = (list: readonly string[], section: number, interest: number | null): void => {
    list.forEach((sentence, index) => {
      if (index > 0) text += ' ';
      sentences.push({ start: text.length, end: text.length + sentence.length, section, interest });
      text += sentence;
    });
    text += '\n';
  };
  const profileStart = text.length;
  text += 'Profile\n';
  addSentences(options.profile ?? [], 0, null);
  sections.push({
    heading: 'Profile',
    start: profileStart,
    end: text.length - 1,
    headingStart: profileStart,
    headingEnd: profileStart + 7,
    kind: 'profile',
  });
  if (options.interests && options.interests.length > 0) {
    const sectionStart = text.length;
    text += 'Key Interests & Priorities\n';
    options.interests.forEach((interest, index) => {
      const rank = index + 1;
      const start = text.length;
      text += `${rank}. `;
      const titleStart = text.length;
      text += `${interest.title}\n`;
      addSentences(interest.sentences, 1, rank);
      interests.push({
        rank,
        title: interest.title,
        start,
        end: text.length - 1,
        titleStart,
        titleEnd: titleStart + interest.title.length,
      });
    });
    sections.push({
      heading: 'Key Interests & Priorities',
      start: sectionStart,
      end: text.length - 1,
      headingStart: sectionStart,
      headingEnd: sectionStart + 26,
      kind: 'interests',
    });
  }
  return {
    kind: 'profile',
    text,
    actor: { name: actorName, country },
    titleSpan: { start: 0, end: actorName.length },
    sections,
    interests,
    sentences,
    metadata: {
      asOf: null,
      source: null,
      author: null,
      published: null,
      publisher: null,
      spans: {},
      focus: options.focus ?? 'AFG',
      extra: {},
    },
    source: { name: 'synthetic.txt', format: 'text', encoding: 'UTF-8', bytes: text.length, hash: contentHash(text) },
  };
}
