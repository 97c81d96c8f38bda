// Events and their parties: stored (with the time bounds the timeline reads, computed by the store),
// reviewed (facts of kind `event`) and exported.
import { z } from 'zod';
import { EdtfSchema } from '../edtf.js';
import { EventSchema, EventTypeSchema } from '../extraction.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const EventPayloadSchema = z.object({
  type: EventTypeSchema,
  date: EdtfSchema.nullable(),
  actors: z.array(z.string()),
  place: z.string().nullable(),
});

export const eventKind = reviewedItemKind({
  type: 'event',
  plural: 'events',
  field: 'events',
  about: 'events and their parties',
  item: EventSchema,
  table: 'events',
  columns: [
    { name: 'type', type: 'text' },
    { name: 'date', type: 'text', nullable: true },
    { name: 'actors', type: 'json' },
    { name: 'place', type: 'text', nullable: true },
    { name: 'valid', type: 'text', nullable: true },
    // An older row may lack it: current.
    { name: 'current', type: 'bool', default: true },
    { name: 'earliest', type: 'text', nullable: true, item: null },
    { name: 'latest', type: 'text', nullable: true, item: null },
    // The parties as a set, with a place and a date (the checks' key): computed by the store.
    { name: 'parties', type: 'text', nullable: true, item: null },
    ...spanColumns('evidence'),
  ],
  record: {
    shape: {
      eventType: EventTypeSchema,
      date: z.string().nullable(),
      actors: z.array(z.string()),
      place: z.string().nullable(),
      valid: z.string().nullable(),
      current: z.boolean(),
    },
    columns: [
      ['eventType', 'type of the event'],
      ['date', 'date of the event (EDTF), if known'],
      ['actors', 'entity ids of the parties, joined with ; (each joins entities.id)'],
      ['place', 'entity id of the place, if known (joins entities.id)'],
      ['valid', 'the time the event holds (EDTF), if the text gives it'],
      ['current', 'false when the text places the event in a past that no longer holds'],
    ],
    toRecord: (e) => ({
      eventType: e.type,
      date: e.date,
      actors: e.actors,
      place: e.place,
      valid: e.valid ?? e.date,
      current: e.current ?? true,
    }),
    fromPayload: (p) => ({
      eventType: p.type,
      date: p.date,
      actors: p.actors,
      place: p.place,
      valid: p.date,
      current: true,
    }),
  },
  review: { payload: EventPayloadSchema, confidence: { cases: [], otherwise: 0.5 } },
});
