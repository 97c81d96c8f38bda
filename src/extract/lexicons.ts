// Word lists the rule-based stages share: role titles, head nouns that name organisations,
// projects and documents, function words, months and number words; the tense and time cues of a
// fact, the negation words and the hedges. All lowercase.

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter((word) => word.length > 0));

/** Titles that head a role phrase before a person's name ("Foreign Minister Amir Khan Muttaqi"). */
export const roleHeads = set(`
  minister president vice-president envoy ambassador secretary chairman chairwoman chair chairperson
  spokesman spokeswoman spokesperson governor commander general leader king emir prince premier
  chancellor director head representative mayor senator chief sheikh mullah mawlawi mufti consul
  deputy diplomat official officials advisor adviser counsellor counselor speaker commissioner
  ceo founder colonel lieutenant major captain marshal admiral prosecutor judge justice imam cleric
  gen lt col maj brig dr prof mr mrs ms sen rep
  physician doctor surgeon journalist reporter activist scholar engineer businessman businesswoman
  entrepreneur professor economist researcher writer poet
`);

/** Modifier words that belong to a role phrase without being its head. */
export const roleModifiers = set(`
  foreign prime deputy first vice acting interim defense defence interior trade integration economy economic
  energy finance health education special chief supreme senior security national state affairs
  and of for the on
`);

/** Head nouns of state organs: an organisation named with a country is that state's organ. */
export const stateOrganHeads = set(`
  ministry government council committee agency office service services forces army navy guard guards police
  parliament assembly embassy consulate directorate administration court cabinet senate majlis mission
  department inspectorate commission bureau secretariat
`);

/** Head nouns of organisations in general. */
export const organizationHeads = set(`
  ministry council committee organization organisation union agency bank army forces commission office
  service party front movement alliance network institute foundation company corporation group authority
  directorate court parliament assembly embassy consulate emirate coalition federation league fund
  programme program mission cooperation community association brigade battalion taliban network corps
  jihad brotherhood hezbollah
  guard guards police administration secretariat bureau department conference forum initiative
  services forces force command committee society societies crescent cross charity trust board chamber
  tribunal division regiment school university college academy hospital clinic centre center
  holding holdings airlines airways enterprises industries consortium ltd llc inc plc gmbh
`);

/**
 * Heads of named programmes and schemes ("Federal Admission Programme"): undertakings, read as
 * projects, unless the name holds an organisation ("UN Development Programme" is a UN body).
 */
export const programmeHeads = set('programme program scheme');

/** Particles inside personal names that do not count as name words ("Faisal bin Farhan Al Saud"). */
export const nameParticleWords = set('al el bin ibn bint abu ul ud ur de da di del der den du van von la le dos das');

/** Words in a programme's name that make it a national one: the actor state's own. */
export const nationalWords = set('federal national state government');

/** Head nouns of infrastructure projects. */
export const projectHeads = set(`
  corridor railway railroad pipeline highway road canal project line dam tunnel station plant
  port airport zone hub route link interconnector
`);

/** Head nouns of documents, strategies and agreements. */
export const documentHeads = set(`
  strategy agreement accord treaty resolution declaration charter concept doctrine memorandum protocol
  plan convention communique communiqué statement report act law decree constitution roadmap vision agenda
  framework compact pact covenant code bill policy
`);

/** Heads of national legislation ("Criminal Code", "Bill C-41"): without a state named, the actor's own. */
export const legislationHeads = set('code bill');

/** A legislature written by its bare title ("Parliament passed…"): the actor state's own. */
export const legislatureWords = set('parliament');

/** Function words that begin sentences but are not names. */
export const functionWords = set(`
  a an the this that these those it its it's they their them he his she her we our you your i
  in on at by for from with without to of into onto over under after before since during until while
  although though because as if when where whereas which who whom whose what how why
  and or but nor yet so both either neither not no nor also only even still however moreover meanwhile
  furthermore nevertheless nonetheless thus therefore hence indeed instead besides likewise similarly
  following according unlike like despite given amid among amongst between beyond within across
  there here then now today recently currently previously later earlier eventually finally first second
  third last next other another some many most much more few several all each every any such same
  cognizant consistent mindful aware concerned despite overall together
`);

export const monthNumbers: ReadonlyMap<string, number> = new Map([
  ['january', 1],
  ['jan', 1],
  ['february', 2],
  ['feb', 2],
  ['march', 3],
  ['mar', 3],
  ['april', 4],
  ['apr', 4],
  ['may', 5],
  ['june', 6],
  ['jun', 6],
  ['july', 7],
  ['jul', 7],
  ['august', 8],
  ['aug', 8],
  ['september', 9],
  ['sep', 9],
  ['sept', 9],
  ['october', 10],
  ['oct', 10],
  ['november', 11],
  ['nov', 11],
  ['december', 12],
  ['dec', 12],
]);

export const weekdays = set('monday tuesday wednesday thursday friday saturday sunday');

/** EDTF level-1 season codes. */
export const seasonCodes: ReadonlyMap<string, number> = new Map([
  ['spring', 21],
  ['summer', 22],
  ['autumn', 23],
  ['fall', 23],
  ['winter', 24],
]);

export const numberWords: ReadonlyMap<string, number> = new Map([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['thirteen', 13],
  ['fourteen', 14],
  ['fifteen', 15],
  ['sixteen', 16],
  ['seventeen', 17],
  ['eighteen', 18],
  ['nineteen', 19],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
  ['hundred', 100],
  ['dozen', 12],
]);

export const scaleWords: ReadonlyMap<string, number> = new Map([
  ['hundred', 1e2],
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
  ['mn', 1e6],
  ['bn', 1e9],
  ['mln', 1e6],
  ['bln', 1e9],
]);

/** Head nouns of geographic names: seas, rivers, regions ("Persian Gulf", "Fergana Valley"). */
export const placeHeads = set(`
  sea gulf ocean river lake valley mountains mountain range basin desert plateau pass province region district
  strait bay peninsula island islands bridge crossing asia europe africa america caucasus steppe oblast velayat wilayat
  highlands lowlands delta
`);

/** Openers of a leading adverbial phrase that ends at the first comma ("Unlike Tajikistan, …"). */
export const adverbialOpeners = set(`
  unlike following according after before since despite in on during given amid with as while although though
  because cognizant consistent like besides beyond under over through throughout by for from at among to upon
`);

/** Abbreviated titles written with a full stop ("Gen. Asim Munir"). */
export const titleAbbreviations = set('gen lt col maj brig dr prof mr mrs ms sen rep st gov');

// --- Fact time (issue 11, src/extract/stages/fact-time.ts): tense and aspect cues of a clause. ---

/** Words before a time that open an interval from it ("since 2021", "from 2001", "after 2014"). */
export const intervalOpeningWords = set('since from after following');

/** Words before a time that close an interval at it ("until 2021", "before 2014"). */
export const intervalClosingWords = set('until till through before');

/** Adverbs that place a fact in a past that no longer holds ("formerly supplied", "previously recognized"). */
export const pastFactAdverbs = set('formerly previously erstwhile');

/** Verbs that end a fact ("ceased to supply", "stopped exporting", "ended its membership"). */
export const endingVerbs = set(
  'cease ceases ceased ceasing stop stops stopped halted halt halts suspended suspend suspends ended withdrew revoked',
);

/** Adverbs that say a fact holds at the time of writing ("now recognizes", "currently supplies", "still hosts"). */
export const presentFactAdverbs = set('now currently today still presently nowadays');

/** Verbs that start a lasting fact: the time they carry opens an interval ("joined the SCO in 2001" → 2001/..). */
export const startingVerbs = set(
  'joined join joins became become becomes began begin begins started start starts established',
);

/** Past-tense auxiliaries of a verb phrase ("did not recognize", "was supplying", "had been"). */
export const pastAuxiliaries = set('did was were had');

/** Present and perfect auxiliaries: the fact holds now ("has supplied … since", "does not recognize"). */
export const presentAuxiliaries = set('has have does do is are am');

/** Irregular past-tense forms of the verbs relation and event triggers take ("sold", "led", "gave", "sent"). */
export const irregularPastVerbs = set(
  'sold led gave sent made took held withheld withdrew became began fought won lost built paid went came ran shut',
);

// --- Negation: one list for every stage (sentence-context.ts negationAt; events, relations and posture use it). ---

/**
 * Words that negate a trigger after them in its clause ("do not share", "never recognized", "refuses to recognize",
 * "withheld recognition", "without recognising"); negationAt (sentence-context.ts) also reads "yet to" and "n't".
 */
export const negationWords = set(`
  not never no neither nor without refuse refuses refused refusing declined declines withhold
  withholds withheld withholding
`);

// --- Hedges: words that make what follows a possibility, a plan or a demand rather than a fact. ---

/** Words that make a following event trigger hypothetical or future ("the risk of attacks", "plans to visit"). */
export const hypotheticalCues = set(`
  risk risks threat threats fear fears possibility prevent avoid counter potential plotting plot
  planning planned plans plan intends intend intended hopes hope hoped aims seeks wants wanted wish
  wishes proposed proposes propose expects expected may might could would will shall should willing
  ready considering consider possible prospective future offered offer offers proposal
`);

/** Modals after a nominal event trigger opening its clause that make it hypothetical ("the talks could fail"). */
export const hypotheticalModals = set('may might could would will should');

/**
 * Words that make a following posture cue a condition or a demand, not a stance ("requires China to recognise", "urged
 * it to engage").
 */
export const conditionalCues = set(`
  would could might may should whether if unless requires require required urged urge urges demands
  demanded pressed pressure
`);
