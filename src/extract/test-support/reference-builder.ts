// Test support: ReferenceData from the country package plus a few hand-given gazetteer entries,
// so unit tests do not depend on the curated data files.
import { GazetteerEntrySchema, type GazetteerEntryInput, type ReferenceData } from '../../model/index.js';
import { buildCountryRecords } from '../reference/reference-data-loader.js';

const demonyms: Record<string, string[]> = {
  KAZ: ['Kazakh', 'Kazakhs'],
  UZB: ['Uzbek', 'Uzbeks'],
  TJK: ['Tajik', 'Tajiks'],
  AFG: ['Afghan', 'Afghans'],
  TKM: ['Turkmen'],
};

export function buildReference(entries: GazetteerEntryInput[] = []): ReferenceData {
  const countries = buildCountryRecords().map((country) => ({
    ...country,
    demonyms: [...country.demonyms, ...(demonyms[country.id] ?? [])],
  }));
  return { countries, gazetteer: entries.map((entry) => GazetteerEntrySchema.parse(entry)) };
}

export const commonEntries: GazetteerEntryInput[] = [
  { id: 'taliban', type: 'organization', name: 'Taliban', kind: 'armed-group' },
  { id: 'imu', type: 'organization', name: 'Islamic Movement of Uzbekistan', aliases: ['IMU'], kind: 'armed-group' },
  { id: 'central-asia', type: 'place', name: 'Central Asia', kind: 'region' },
  {
    id: 'tapi',
    type: 'project',
    name: 'TAPI',
    aliases: ['Turkmenistan–Afghanistan–Pakistan–India pipeline'],
    kind: 'pipeline',
  },
  { id: 'casa-1000', type: 'project', name: 'CASA-1000', kind: 'power-line' },
  { id: 'amu-darya', type: 'place', name: 'Amu Darya', kind: 'river' },
];
