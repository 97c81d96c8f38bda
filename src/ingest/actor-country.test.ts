// Tests of actor name → ISO alpha-3 resolution with world-countries names and spellings.
import { describe, expect, it } from 'vitest';
import { countryOfActor, resolveCountryCode } from './actor-country.js';

describe('countryOfActor', () => {
  it('resolves common and official names and alternative spellings', () => {
    expect(countryOfActor('Kazakhstan')).toBe('KAZ');
    expect(countryOfActor('Republic of Kazakhstan')).toBe('KAZ');
    expect(countryOfActor('Qazaqstan')).toBe('KAZ');
    expect(countryOfActor('  the Islamic Republic of Iran ')).toBe('IRN');
    expect(countryOfActor('Türkiye')).toBe('TUR');
  });

  it('returns null for actors that are not states', () => {
    expect(countryOfActor('The Taliban')).toBeNull();
    expect(countryOfActor('European Union')).toBeNull();
    expect(countryOfActor('Shanghai Cooperation Organisation')).toBeNull();
  });

  it('reads front matter country values', () => {
    expect(resolveCountryCode('KAZ')).toBe('KAZ');
    expect(resolveCountryCode('kz')).toBe('KAZ');
    expect(resolveCountryCode('Afghanistan')).toBe('AFG');
    expect(resolveCountryCode('XYZ')).toBeNull();
  });
});
