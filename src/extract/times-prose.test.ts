// Times in the prose of sources (issue 9, item 4): dates without a year resolved from the
// paragraph's context or the publication date, day and month ranges as EDTF intervals, abbreviated
// months, "9/11" and other reference events, and numeric dates whose day/month order is a
// convention. Sources are built as ingest builds them (one paragraph a line, `metadata.published`
// from front matter or a dateline); src/extract may not import src/ingest.
import { describe, expect, it } from 'vitest';
import { contentHash, type ProfileDocument, type Section, type Sentence } from '../model/index.js';
import { extractProfile } from './index.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);

interface SourceOptions {
  published?: string | null;
  /** Paragraphs of sentences; a heading (a string) opens a new section. */
  body: Array<string[] | string>;
  kind?: 'source' | 'profile';
}

/** A source as ingest makes it: title line, then paragraphs one a line, headings as sections. */
function buildSource({ published = null, body, kind = 'source' }: SourceOptions): ProfileDocument {
  const title = 'Border talks resume';
  let text = `${title}\n`;
  const sections: Section[] = [];
  const sentences: Sentence[] = [];
  const openSection = (heading: string): void => {
    const start = text.length;
    if (heading) text += `${heading}\n`;
    sections.push({
      heading,
      start,
      end: start,
      headingStart: start,
      headingEnd: start + heading.length,
      kind: 'other',
    });
  };
  openSection('');
  for (const part of body) {
    if (typeof part === 'string') {
      openSection(part);
      continue;
    }
    part.forEach((sentence, index) => {
      if (index > 0) text += ' ';
      sentences.push({
        start: text.length,
        end: text.length + sentence.length,
        section: sections.length - 1,
        interest: null,
      });
      text += sentence;
    });
    text += '\n';
    (sections[sections.length - 1] as Section).end = text.length - 1;
  }
  return {
    kind,
    text,
    actor: { name: title, country: null },
    titleSpan: { start: 0, end: title.length },
    sections,
    interests: [],
    sentences,
    metadata: {
      asOf: null,
      source: null,
      author: null,
      published,
      publisher: null,
      spans: {},
      focus: 'AFG',
      extra: {},
    },
    source: { name: 'article.md', format: 'markdown', encoding: 'UTF-8', bytes: text.length, hash: contentHash(text) },
  };
}

type Row = [text: string, value: string] | [text: string, value: string, resolved: string];

function times(options: SourceOptions): Row[] {
  const extraction = extractProfile(buildSource(options), reference);
  for (const time of extraction.times) expect(extraction.text.slice(time.start, time.end)).toBe(time.text);
  return extraction.times.map((time): Row =>
    time.resolved ? [time.text, time.value, time.resolved] : [time.text, time.value],
  );
}

const article = (published: string | null, ...sentences: string[]): Row[] => times({ published, body: [sentences] });

describe('dates without a year', () => {
  it('take the year of the publication date', () => {
    expect(
      article(
        '2023-07-12',
        'Uzbek and Afghan officials met in Termez on July 10.',
        'The Kyrgyz delegation had returned on 29 June.',
      ),
    ).toEqual([
      ['July 10', '2023-07-10', 'document-date'],
      ['29 June', '2023-06-29', 'document-date'],
    ]);
    expect(article('2023-07-12', 'On Thursday, 6 July, Turkmenistan reopened the Serhetabat crossing.')).toEqual([
      ['Thursday, 6 July', '2023-07-06', 'document-date'],
    ]);
    expect(
      article(
        '2022-11-30',
        'Ashgabat confirmed the 2nd of November as the start of gas deliveries, and Nov. 20 as the first payment.',
      ),
    ).toEqual([
      ['2nd of November', '2022-11-02', 'document-date'],
      ['Nov. 20', '2022-11-20', 'document-date'],
    ]);
  });

  it('put a month-day more than six months after the publication date in the year before', () => {
    expect(article('2024-01-05', 'Pakistan closed Torkham on December 28 and reopened it on 3 January.')).toEqual([
      ['December 28', '2023-12-28', 'document-date'],
      ['3 January', '2024-01-03', 'document-date'],
    ]);
    // Within six months after the publication date the year stays: a date ahead ("talks on 20 October").
    expect(article('2023-05-02', 'Tehran proposed new talks on 20 October.')).toEqual([
      ['20 October', '2023-10-20', 'document-date'],
    ]);
    // "since" looks back: never after the publication date.
    expect(
      article('2023-05-02', 'The Chaman crossing has been closed since 20 October, and open since 1 May.'),
    ).toEqual([
      ['20 October', '2022-10-20', 'document-date'],
      ['1 May', '2023-05-01', 'document-date'],
    ]);
    // A publication date of month precision.
    expect(article('2021-02', 'Iranian trucks crossed at Islam Qala on 30 November.')).toEqual([
      ['30 November', '2020-11-30', 'document-date'],
    ]);
  });

  it('take the year of the nearest earlier dated time in the same paragraph, not across paragraphs or sections', () => {
    const body: SourceOptions['body'] = [
      ['Iran hosted talks in Tehran in March 2022.', 'A second round followed on 14 April, and a third on May 9.'],
      ['India shipped wheat through Chabahar on 8 June.'],
      ['Trade fell in 2019.', 'Reports'],
      'Background',
      ['A customs deal was signed on 15 August.'],
    ];
    expect(times({ published: '2023-07-12', body })).toEqual([
      ['March 2022', '2022-03'],
      ['14 April', '2022-04-14', 'context'],
      ['May 9', '2022-05-09', 'context'],
      ['8 June', '2023-06-08', 'document-date'],
      ['2019', '2019'],
      ['15 August', '2023-08-15', 'document-date'],
    ]);
  });

  it(
    'do not take the year of an attributive year, a target year, a ' + 'reference event, a range of years or a decade',
    () => {
      expect(
        article(
          '2023-07-12',
          'Uzbekistan plans to triple exports to Afghanistan by 2030.',
          'On 18 May its ministers met in Mazar-i-Sharif.',
        ),
      ).toEqual([
        ['2030', '2030'],
        ['18 May', '2023-05-18', 'document-date'],
      ]);
      expect(
        article(
          '2023-07-12',
          "Since the Taliban's 2021 takeover, Tajikistan has kept the border shut; on 4 May it let trucks through.",
        ),
      ).toEqual([
        ['2021', '2021'],
        ['4 May', '2023-05-04', 'document-date'],
      ]);
      expect(article('2023-07-12', 'After the fall of Kabul, Qatar ran flights; on 2 July it sent an envoy.')).toEqual([
        ['After the fall of Kabul', '2021-08-15/..'],
        ['2 July', '2023-07-02', 'document-date'],
      ]);
      expect(
        article(
          '2023-07-12',
          'Between 2002 and 2021 Japan funded roads; in the 1990s it funded clinics.',
          'Its envoy arrived on 2 July.',
        ),
      ).toEqual([
        ['Between 2002 and 2021', '2002/2021'],
        ['1990s', '199X'],
        ['2 July', '2023-07-02', 'document-date'],
      ]);
    },
  );

  it('are no time without a context or a publication date', () => {
    expect(article(null, 'Officials from Dushanbe and Kabul met on 12 March.')).toEqual([]);
    expect(times({ kind: 'profile', body: [['The Kazakh embassy reopened on August 3.']] })).toEqual([]);
    // A context in the paragraph is enough.
    expect(article(null, 'Flights resumed in October 2021.', 'The first cargo left on 21 October.')).toEqual([
      ['October 2021', '2021-10'],
      ['21 October', '2021-10-21', 'context'],
    ]);
    // 29 February exists only in a leap year.
    expect(article('2023-03-10', 'The consulate opened on Wednesday, 29 February.')).toEqual([]);
  });

  it('resolve a month with a temporal preposition or a part word, never a month alone', () => {
    expect(
      article(
        '2023-07-12',
        'In May the Kyrgyz ministry met Afghan traders, and since August trade has grown.',
        'From March to May the pass was closed, until late September.',
      ),
    ).toEqual([
      ['May', '2023-05', 'document-date'],
      // After "since", a month later than the publication date is last year's.
      ['August', '2022-08', 'document-date'],
      ['From March to May', '2023-03/2023-05', 'document-date'],
      ['late September', '2023-09', 'document-date'],
    ]);
    // "In June 12 …", "by March 2 million …": no day, but the month is still a time.
    expect(
      article(
        '2023-07-12',
        'In June 12 Pakistani soldiers were wounded, and by the end of March 2 million refugees had left.',
      ),
    ).toEqual([
      ['June', '2023-06', 'document-date'],
      ['end of March', '2023-03', 'document-date'],
    ]);
    // A month without a cue, a verb, a name: no time.
    expect(
      article(
        '2023-07-12',
        "May brought floods; April 4 people were hurt; the March on Kabul failed; in May's cabinet nobody knew; " +
          'Iran may march on.',
      ),
    ).toEqual([]);
    expect(article(null, 'In April the Uzbek railway opened a depot.')).toEqual([]);
  });

  it(
    'take no year from a year that starts a period running to the present, or after a phrase that returns to the ' +
      'present',
    () => {
      expect(
        article(
          '2024-06-07',
          'The Taliban have been banned in Russia since 2003.',
          'Officials said in May that the ban was under review.',
        ),
      ).toEqual([
        ['2003', '2003'],
        ['May', '2024-05', 'document-date'],
      ]);
      expect(
        article(
          '2025-08-14',
          'Turkmen engineers began the TAPI section in December 2018.',
          'Six years on, the pipe is still unfinished; on 2 March a new contractor was named.',
        ),
      ).toEqual([
        ['December 2018', '2018-12'],
        ['2 March', '2025-03-02', 'document-date'],
      ]);
      expect(
        article(
          '2025-08-14',
          'Turkmen engineers began the TAPI section in December 2018.',
          'Today the pipe is unfinished.',
          'On 2 March a new contractor was named.',
        ),
      ).toEqual([
        ['December 2018', '2018-12'],
        ['2 March', '2025-03-02', 'document-date'],
      ]);
    },
  );

  it('are not taken from a dateline, which is the publication date', () => {
    expect(
      article(
        '2023-04-18',
        'DUSHANBE, 18 April 2023 — Tajik officials said the Nizhny Panj crossing had reopened on 16 April.',
      ),
    ).toEqual([['16 April', '2023-04-16', 'document-date']]);
    expect(
      article('2024-03-03', 'ISLAMABAD, March 3 (Frontier Wire) — Pakistan extended the deadline to March 31.'),
    ).toEqual([['March 31', '2024-03-31', 'document-date']]);
  });
});

describe('ranges', () => {
  it('read day ranges as one EDTF interval, with "from" and "between" in the span', () => {
    expect(
      article(
        '2023-07-12',
        'The Astana talks ran from 9 to 11 November 2022.',
        'Flights were suspended October 3–8, 2021 and again October 12 to 15, 2021.',
      ),
    ).toEqual([
      ['from 9 to 11 November 2022', '2022-11-09/2022-11-11'],
      ['October 3–8, 2021', '2021-10-03/2021-10-08'],
      ['October 12 to 15, 2021', '2021-10-12/2021-10-15'],
    ]);
    expect(
      article('2023-07-12', 'Kabul hosted the fair 26-29 September 2022, and Mashhad between 21 and 24 June 2023.'),
    ).toEqual([
      ['26-29 September 2022', '2022-09-26/2022-09-29'],
      ['between 21 and 24 June 2023', '2023-06-21/2023-06-24'],
    ]);
    expect(
      article('2023-07-12', 'Convoys crossed from 30 April to 2 May 2023 and on 28 December 2022 – 3 January 2023.'),
    ).toEqual([
      ['from 30 April to 2 May 2023', '2023-04-30/2023-05-02'],
      ['28 December 2022 – 3 January 2023', '2022-12-28/2023-01-03'],
    ]);
  });

  it('resolve a range without a year as a whole', () => {
    expect(article('2023-07-12', 'Kazakh traders attended the fair from 12 to 14 June.')).toEqual([
      ['from 12 to 14 June', '2023-06-12/2023-06-14', 'document-date'],
    ]);
    expect(article('2024-01-10', 'The Salang tunnel was shut December 29–January 4.')).toEqual([
      ['December 29–January 4', '2023-12-29/2024-01-04', 'document-date'],
    ]);
    // With a context, its year is the start's.
    expect(article('2024-06-10', 'Snow closed the Salang in December 2021, from 27 December to 2 January.')).toEqual([
      ['December 2021', '2021-12'],
      ['from 27 December to 2 January', '2021-12-27/2022-01-02', 'context'],
    ]);
  });

  it('read month ranges and keep year ranges', () => {
    expect(
      article(
        '2023-07-12',
        'Power imports fell April–June 2023, rose from January to March 2021 and peaked between October and ' +
          'December 2022.',
      ),
    ).toEqual([
      ['April–June 2023', '2023-04/2023-06'],
      ['from January to March 2021', '2021-01/2021-03'],
      ['between October and December 2022', '2022-10/2022-12'],
    ]);
    expect(
      article(
        '2023-07-12',
        'The drought lasted November 2021–February 2022; Soviet troops stayed 1979–1989 and NATO 2001-2021.',
      ),
    ).toEqual([
      ['November 2021–February 2022', '2021-11/2022-02'],
      ['1979–1989', '1979/1989'],
      ['2001-2021', '2001/2021'],
    ]);
  });

  it('do not make a range of a list or of counts', () => {
    expect(article('2023-07-12', 'Talks were held on 5 and 7 March 2023; the price rose from 3 to 5 dollars.')).toEqual(
      [['7 March 2023', '2023-03-07']],
    );
  });
});

describe('abbreviated months', () => {
  it('keep day precision with and without the period', () => {
    expect(
      article(
        '2023-07-12',
        'The envoy left Islamabad on Jan. 30, 2023 and returned Nov. 7, 2022; the line opened Oct 9 2021 and ' +
          'closed Sept. 19, 2022.',
      ),
    ).toEqual([
      ['Jan. 30, 2023', '2023-01-30'],
      ['Nov. 7, 2022', '2022-11-07'],
      ['Oct 9 2021', '2021-10-09'],
      ['Sept. 19, 2022', '2022-09-19'],
    ]);
  });
});

describe('reference events', () => {
  it('read 9/11 and the September 11 attacks as 2001-09-11', () => {
    expect(
      article(
        '2023-07-12',
        'After 9/11, Uzbekistan leased Karshi-Khanabad; the September 11 attacks changed its policy, as did the ' +
          '11 September attacks for Pakistan.',
      ),
    ).toEqual([
      ['After 9/11', '2001-09-11/..'],
      ['September 11 attacks', '2001-09-11'],
      ['11 September attacks', '2001-09-11'],
    ]);
    expect(
      article(
        '2023-07-12',
        'The post-9/11 order faded; the 9/11 terrorist attacks were planned in Kandahar, and since September 11, ' +
          '2001 the region has changed.',
      ),
    ).toEqual([
      ['post-9/11', '2001-09-11/..'],
      ['9/11 terrorist attacks', '2001-09-11'],
      ['September 11, 2001', '2001-09-11'],
    ]);
  });

  it(
    'read "September 11" without "attacks" as an ordinary date, ' + 'unless "before", "after" or "since" anchors it',
    () => {
      expect(article('2023-07-12', 'Russia and Iran will hold talks on September 11 in Kazan.')).toEqual([
        ['September 11', '2023-09-11', 'document-date'],
      ]);
      expect(
        article(
          '2024-10-08',
          'Iran had backed the Northern Alliance long before September 11; on 11 September the TAPI works began.',
        ),
      ).toEqual([
        ['September 11', '2001-09-11', 'context'],
        ['11 September', '2024-09-11', 'document-date'],
      ]);
    },
  );

  it('date the Soviet withdrawal and invasion and the Bonn Agreement', () => {
    expect(
      article(
        null,
        'After the Soviet withdrawal, Pakistan backed the mujahideen; the Soviet invasion of Afghanistan had ' +
          'drawn in Saudi money.',
      ),
    ).toEqual([
      ['After the Soviet withdrawal', '1989-02-15/..'],
      ['Soviet invasion of Afghanistan', '1979-12'],
    ]);
    expect(article(null, 'Before the Bonn Agreement, Germany had hosted talks.')).toEqual([
      ['Before the Bonn Agreement', '../2001-12-05'],
    ]);
  });

  it('leave the dating to an explicit date that follows the event ("the takeover in August 2021")', () => {
    expect(
      article(null, 'Work on the line stopped after the Taliban takeover in August 2021 and resumed later.'),
    ).toEqual([['August 2021', '2021-08']]);
    expect(article(null, 'Trade fell after the fall of Kabul on 15 August 2021.')).toEqual([
      ['15 August 2021', '2021-08-15'],
    ]);
    // Without a date after it, the event's name is the time.
    expect(article(null, 'Trade fell after the fall of Kabul, officials in Tashkent said.')).toEqual([
      ['after the fall of Kabul', '2021-08-15/..'],
    ]);
  });
});

describe('numeric dates', () => {
  it('give a day when one part is above 12 or the parts are equal', () => {
    expect(
      article(null, 'The decree of 23/11/2022 and the order of 11/28/2021 took effect; the fee changed on 06/06/2020.'),
    ).toEqual([
      ['23/11/2022', '2022-11-23'],
      ['11/28/2021', '2021-11-28'],
      ['06/06/2020', '2020-06-06'],
    ]);
  });

  it('give only the year of an ambiguous date unless the document signals the convention', () => {
    expect(article(null, 'The Herat office reopened on 04/05/2022.')).toEqual([['04/05/2022', '2022']]);
    expect(article(null, 'The Herat office closed on 19/03/2022 and reopened on 04/05/2022.')).toEqual([
      ['19/03/2022', '2022-03-19'],
      ['04/05/2022', '2022-05-04'],
    ]);
    expect(article(null, 'The Herat office closed on 03/19/2022 and reopened on 04/05/2022.')).toEqual([
      ['03/19/2022', '2022-03-19'],
      ['04/05/2022', '2022-04-05'],
    ]);
    // Conflicting signals are no convention.
    expect(article(null, 'Filed 19/03/2022, answered 03/21/2022, closed 04/05/2022.')).toEqual([
      ['19/03/2022', '2022-03-19'],
      ['03/21/2022', '2022-03-21'],
      ['04/05/2022', '2022'],
    ]);
  });

  it('read dotted dates day-first and refuse two-digit years', () => {
    expect(article(null, 'The Dushanbe protocol of 03.04.2021 and the Tashkent one of 22.02.2022 stand.')).toEqual([
      ['03.04.2021', '2021-04-03'],
      ['22.02.2022', '2022-02-22'],
    ]);
    expect(article(null, 'A post dated 24/03/12 praised the 24/7 hotline and the 31.02.2021 memo.')).toEqual([]);
  });
});

describe('no false times', () => {
  it('reads no time in articles, roads, agendas, distances, phone numbers and ratios', () => {
    expect(
      article(
        '2023-07-12',
        'Article 29 of the Constitution applies to Route 66 and to the 2030 Agenda.',
        'The Kabul-Kandahar 483-km road reopened, and 1 in 5 Afghans use it.',
        'Call +93 20 210 1234 or 0700 12 34 for Highway 7 updates.',
        'The COVID-19 pandemic slowed trade, and 3 million tons were stuck.',
      ),
    ).toEqual([]);
  });
});
