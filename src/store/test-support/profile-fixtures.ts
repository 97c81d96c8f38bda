// Hand-written profile documents and their extractions for the store tests. The texts are
// written out here; every offset is computed from the text, so spans always match it.
import { contentHash, slugify } from '../../model/index.js';
import type {
  Entity,
  Event,
  Extraction,
  Mention,
  PostureLabel,
  ProfileDocument,
  Quantity,
  Relation,
  Theme,
  Time,
} from '../../model/index.js';
import type { SaveDocumentInput } from '../store.js';

export const entityCatalog: Record<string, Entity> = {
  UZB: {
    id: 'UZB',
    type: 'country',
    name: 'Uzbekistan',
    country: 'UZB',
    wikidata: 'Q265',
    aliases: ['Uzbek', 'Uzbeks'],
  },
  KAZ: {
    id: 'KAZ',
    type: 'country',
    name: 'Kazakhstan',
    country: 'KAZ',
    wikidata: 'Q232',
    aliases: ['Kazakh', 'Kazakhs'],
  },
  AFG: { id: 'AFG', type: 'country', name: 'Afghanistan', country: 'AFG', wikidata: 'Q889', aliases: ['Afghan'] },
  PAK: { id: 'PAK', type: 'country', name: 'Pakistan', country: 'PAK', wikidata: 'Q843' },
  taliban: { id: 'taliban', type: 'organization', name: 'Taliban', country: null, wikidata: 'Q42418' },
  tashkent: { id: 'tashkent', type: 'place', name: 'Tashkent', country: 'UZB', wikidata: 'Q269' },
  kabul: { id: 'kabul', type: 'place', name: 'Kabul', country: 'AFG', wikidata: 'Q5838' },
  termez: { id: 'termez', type: 'place', name: 'Termez', country: 'UZB', wikidata: null },
  astana: { id: 'astana', type: 'place', name: 'Astana', country: 'KAZ', wikidata: 'Q1520', aliases: ['Nur-Sultan'] },
  'amu-darya': { id: 'amu-darya', type: 'place', name: 'Amu Darya', country: null, wikidata: null },
  'trans-afghan-railway': {
    id: 'trans-afghan-railway',
    type: 'project',
    name: 'Trans-Afghan railway',
    country: null,
    wikidata: null,
  },
  tapi: {
    id: 'tapi',
    type: 'project',
    name: 'TAPI pipeline',
    country: null,
    wikidata: null,
    aliases: ['Turkmenistan–Afghanistan–Pakistan–India pipeline'],
  },
  'bakhyt-sultanov': {
    id: 'bakhyt-sultanov',
    type: 'person',
    name: 'Bakhyt Sultanov',
    country: 'KAZ',
    wikidata: null,
    attributes: { role: 'Trade and Integration Minister' },
  },
};

interface InterestSpec {
  title: string;
  themes: Theme[];
  sentences: string[];
}

export interface ProfileSpec {
  actor: { name: string; country: string | null };
  profile: string[];
  interests: InterestSpec[];
  /** Surface form → entity id; every whole-word occurrence becomes a mention, longest first, never nested. */
  mentions: Array<[surface: string, entity: string]>;
  times: Array<[surface: string, value: string]>;
  quantities: Array<[surface: string, value: number, unit: string]>;
  /** Evidence: the sentence holding `within`. */
  events: Array<Omit<Event, 'evidence'> & { within: string }>;
  relations: Array<Omit<Relation, 'evidence'> & { within: string }>;
  posture: { label: PostureLabel; surface: string } | null;
  /** Extra entity ids listed in the extraction without a mention (e.g. relation objects). */
  extraEntities?: string[];
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function occurrences(text: string, surface: string): number[] {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(surface)}(?![\\p{L}\\p{N}])`, 'gu');
  return [...text.matchAll(pattern)].map((match) => match.index);
}

function firstSpan(text: string, surface: string): { start: number; end: number } {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`fixture: "${surface}" is not in the text`);
  return { start, end: start + surface.length };
}

/** Lays the spec out as the seed's plain-text format and derives every span from the text. */
export function buildProfile(spec: ProfileSpec): SaveDocumentInput {
  let text = '';
  const sentenceSpans: Array<{
    start: number;
    end: number;
    section: number;
    interest: number | null;
    themes?: Theme[];
  }> = [];
  const writeSentences = (sentences: string[], section: number, interest: number | null, themes?: Theme[]) => {
    sentences.forEach((sentence, index) => {
      if (index > 0) text += ' ';
      const start = text.length;
      text += sentence;
      sentenceSpans.push({ start, end: text.length, section, interest, ...(themes ? { themes } : {}) });
    });
  };
  text += spec.actor.name;
  const titleSpan = { start: 0, end: text.length };
  text += '\n\n';
  const profileStart = text.length;
  text += 'Profile';
  const profileHeadingEnd = text.length;
  text += '\n';
  writeSentences(spec.profile, 0, null);
  const profileEnd = text.length;
  text += '\n';
  const interestsStart = text.length;
  text += 'Key Interests & Priorities';
  const interestsHeadingEnd = text.length;
  const interests: ProfileDocument['interests'] = [];
  spec.interests.forEach((interest, index) => {
    text += '\n';
    const start = text.length;
    text += `${index + 1}. `;
    const titleStart = text.length;
    text += interest.title;
    const titleEnd = text.length;
    text += '\n';
    writeSentences(interest.sentences, 1, index + 1, interest.themes);
    interests.push({ rank: index + 1, title: interest.title, start, end: text.length, titleStart, titleEnd });
  });
  const interestsEnd = text.length;
  text += '\n';

  const sections: ProfileDocument['sections'] = [
    {
      heading: 'Profile',
      start: profileStart,
      end: profileEnd,
      headingStart: profileStart,
      headingEnd: profileHeadingEnd,
      kind: 'profile',
    },
    {
      heading: 'Key Interests & Priorities',
      start: interestsStart,
      end: interestsEnd,
      headingStart: interestsStart,
      headingEnd: interestsHeadingEnd,
      kind: 'interests',
    },
  ];

  // Mentions: longest surface first, skipping any overlap with a mention already placed.
  const placed: Mention[] = [];
  for (const [surface, entityId] of [...spec.mentions].sort((a, b) => b[0].length - a[0].length)) {
    const entity = entityCatalog[entityId];
    if (!entity) throw new Error(`fixture: unknown entity ${entityId}`);
    for (const start of occurrences(text, surface)) {
      const end = start + surface.length;
      if (placed.some((m) => m.start < end && start < m.end)) continue;
      placed.push({ start, end, text: surface, type: entity.type, entity: entityId, country: entity.country });
    }
  }
  const mentions = placed.sort((a, b) => a.start - b.start);
  const entityIds = [...new Set([...mentions.map((m) => m.entity), ...(spec.extraEntities ?? [])])];
  const sentenceHolding = (within: string) => {
    const { start } = firstSpan(text, within);
    const sentence = sentenceSpans.find((s) => s.start <= start && start < s.end);
    if (!sentence) throw new Error(`fixture: "${within}" is in no sentence`);
    return { start: sentence.start, end: sentence.end };
  };

  const times: Time[] = spec.times.map(([surface, value]) => ({ ...firstSpan(text, surface), text: surface, value }));
  const quantities: Quantity[] = spec.quantities.map(([surface, value, unit]) => ({
    ...firstSpan(text, surface),
    text: surface,
    value,
    unit,
  }));
  const extraction: Extraction = {
    kind: 'profile',
    text,
    actor: spec.actor,
    sections: sections.map(({ heading, start, end }) => ({ heading, start, end })),
    interests: spec.interests.map((interest, index) => ({
      rank: index + 1,
      title: interest.title,
      themes: interest.themes,
      start: interests[index]!.start,
      end: interests[index]!.end,
    })),
    sentences: sentenceSpans.map(({ start, end, themes }) => (themes ? { start, end, themes } : { start, end })),
    mentions,
    entities: entityIds.map((id) => structuredClone(entityCatalog[id]!)),
    times,
    quantities,
    // As the extraction gives them: the time a fact holds (an event's date) and whether it still does.
    events: spec.events.map(({ within, ...event }) => ({
      valid: event.date,
      current: true,
      ...event,
      evidence: sentenceHolding(within),
    })),
    relations: spec.relations.map(({ within, ...relation }) => ({
      valid: null,
      current: true,
      ...relation,
      evidence: sentenceHolding(within),
    })),
    posture: spec.posture ? { label: spec.posture.label, evidence: firstSpan(text, spec.posture.surface) } : null,
  };
  const document: ProfileDocument = {
    kind: 'profile',
    text,
    actor: spec.actor,
    titleSpan,
    sections,
    interests,
    sentences: sentenceSpans.map(({ start, end, section, interest }) => ({ start, end, section, interest })),
    metadata: {
      asOf: '2022-03',
      source: null,
      author: 'Fixture Analyst',
      published: null,
      publisher: null,
      spans: {},
      focus: 'AFG',
      extra: { collection: 'store-tests', reviewed: false },
    },
    source: {
      name: `${slugify(spec.actor.name)}.txt`,
      format: 'text',
      encoding: 'UTF-8',
      bytes: Buffer.byteLength(text, 'utf8'),
      hash: contentHash(text),
    },
  };
  return { document, extraction };
}

export interface VariantOptions {
  /** Appends a numbered revision sentence to the Profile paragraph (a changed document). */
  revision?: number;
}

export function uzbekistanSpec(options: VariantOptions = {}): ProfileSpec {
  const profile = [
    'Uzbekistan shares a border with Afghanistan along the Amu Darya.',
    'Tashkent engaged the Taliban early and sent a delegation to Kabul in October 2021.',
    'Uzbek officials describe the trans-Afghan railway as a long-term route to the sea that would open the ' +
      'markets of South Asia to Uzbek exporters.',
  ];
  if (options.revision !== undefined)
    profile.push(`Revision ${options.revision} of this profile notes renewed talks in Tashkent.`);
  return {
    actor: { name: 'Uzbekistan', country: 'UZB' },
    profile,
    interests: [
      {
        title: 'Border Security',
        themes: ['security', 'extremism'],
        sentences: [
          'Uzbekistan fears that instability in Afghanistan will spill over the border at Termez.',
          'Tashkent keeps its border guards on alert.',
        ],
      },
      {
        title: 'Transit and Trade',
        themes: ['transport', 'trade', 'energy'],
        sentences: [
          'Uzbekistan supplies about 60 percent of the electricity Afghanistan imports.',
          'The railway, the trans-Afghan railway, is the railway Tashkent wants most.',
        ],
      },
    ],
    mentions: [
      ['Uzbekistan', 'UZB'],
      ['Uzbek', 'UZB'],
      ['Afghanistan', 'AFG'],
      ['Amu Darya', 'amu-darya'],
      ['Tashkent', 'tashkent'],
      ['Taliban', 'taliban'],
      ['Kabul', 'kabul'],
      ['trans-Afghan railway', 'trans-afghan-railway'],
      ['Termez', 'termez'],
    ],
    times: [['October 2021', '2021-10']],
    quantities: [['60 percent', 0.6, 'share']],
    events: [
      { type: 'delegation', date: '2021-10', actors: ['UZB'], place: 'kabul', within: 'sent a delegation to Kabul' },
    ],
    relations: [
      { subject: 'UZB', predicate: 'borders', object: 'AFG', negated: false, within: 'shares a border' },
      { subject: 'UZB', predicate: 'supplies', object: 'AFG', negated: false, within: '60 percent' },
      {
        subject: 'UZB',
        predicate: 'interested_in',
        object: 'trans-afghan-railway',
        negated: false,
        within: 'Tashkent wants most',
      },
    ],
    posture: { label: 'engaged', surface: 'engaged the Taliban early' },
  };
}

export function kazakhstanSpec(options: VariantOptions = {}): ProfileSpec {
  const profile = [
    'Kazakhstan and Afghanistan do not share a border.',
    "Astana sent a working group to Kabul in mid-October 2021 and keeps the Taliban at arm's length.",
    'Afghanistan buys half of all Kazakh grain exports.',
    'Kazakh diplomats describe their approach as "trust & verify" <in private>.',
  ];
  if (options.revision !== undefined)
    profile.push(`Revision ${options.revision} of this profile notes renewed talks in Astana.`);
  return {
    actor: { name: 'Kazakhstan', country: 'KAZ' },
    profile,
    interests: [
      {
        title: 'Economic Opportunities',
        themes: ['trade', 'transport'],
        sentences: [
          'Trade and Integration Minister Bakhyt Sultanov led a delegation to Kabul to discuss the trans-Afghan ' +
            'railway.',
          'Kazakhstan is also interested in supplying gas through the TAPI pipeline.',
        ],
      },
    ],
    mentions: [
      ['Kazakhstan', 'KAZ'],
      ['Kazakh', 'KAZ'],
      ['Afghanistan', 'AFG'],
      ['Astana', 'astana'],
      ['Kabul', 'kabul'],
      ['Taliban', 'taliban'],
      ['Bakhyt Sultanov', 'bakhyt-sultanov'],
      ['trans-Afghan railway', 'trans-afghan-railway'],
      ['TAPI pipeline', 'tapi'],
    ],
    times: [['mid-October 2021', '2021-10']],
    quantities: [['half', 0.5, 'share']],
    events: [
      { type: 'delegation', date: '2021-10', actors: ['KAZ'], place: 'kabul', within: 'working group to Kabul' },
      { type: 'visit', date: null, actors: ['KAZ', 'bakhyt-sultanov'], place: 'kabul', within: 'led a delegation' },
    ],
    relations: [
      { subject: 'KAZ', predicate: 'borders', object: 'AFG', negated: true, within: 'do not share a border' },
      { subject: 'KAZ', predicate: 'supplies', object: 'AFG', negated: false, within: 'grain exports' },
      { subject: 'KAZ', predicate: 'interested_in', object: 'tapi', negated: false, within: 'supplying gas' },
    ],
    posture: { label: 'arms-length', surface: "keeps the Taliban at arm's length" },
    extraEntities: ['PAK'],
  };
}

export const uzbekistanProfile = (options: VariantOptions = {}): SaveDocumentInput =>
  buildProfile(uzbekistanSpec(options));
export const kazakhstanProfile = (options: VariantOptions = {}): SaveDocumentInput =>
  buildProfile(kazakhstanSpec(options));

/** A copy of a profile whose last mention points at an entity the extraction does not list. */
export function withDanglingMention(input: SaveDocumentInput): SaveDocumentInput {
  const copy = structuredClone(input);
  const last = copy.extraction.mentions.at(-1)!;
  copy.extraction.mentions.push({ ...last, entity: 'no-such-entity' });
  return copy;
}

/** A copy of a profile whose last relation has its evidence end before its start. */
export function withInvertedRelationEvidence(input: SaveDocumentInput): SaveDocumentInput {
  const copy = structuredClone(input);
  const last = copy.extraction.relations.at(-1)!;
  last.evidence = { start: last.evidence.end, end: last.evidence.start };
  return copy;
}
