// The intermediate mention the mention stages pass along before linking: a span, its token
// range, a type, the entity it refers to (known or newly found) and what the text says about it.
import type { MentionType } from '../../model/index.js';
import type { KnownEntity } from '../gazetteer-index.js';

export interface DraftMention {
  start: number;
  end: number;
  firstToken: number;
  lastToken: number;
  type: MentionType;
  /** The gazetteer entity, or a new entity found in the text. */
  entity: KnownEntity;
  country: string | null;
  source: 'gazetteer' | 'detected' | 'surname';
  /** A person's role read from the text ("Foreign Minister"). */
  role?: string;
}

export const byStart = (a: { start: number; end: number }, b: { start: number; end: number }): number =>
  a.start - b.start || b.end - a.end;
