// The confidence rule of a reviewed item kind, declared once as data (`review.confidence` of its
// declaration in model/item-kinds/): ordered cases of tests on the stored fact, the first that holds gives the
// confidence, else `otherwise`; a fact a person added is 1. Both forms are made from it: the
// JavaScript one (factConfidence in editorial.ts, a fact read whole) and the SQL one (the review
// queue sorted and cut by the database, fact-page-sql.ts). confidence-rule.test.ts checks that they
// agree on every combination of inputs.
import type { ColumnType, ConfidenceRule, ConfidenceTest } from '../model/index.js';

// The rule's data types are the model's: a kind declares its rule beside its schemas (model/item-kinds/).
export type { ConfidenceRule, ConfidenceTest };

/** The confidence of a kind that declares no rule. */
export const defaultConfidence = 0.5;

/** What the JavaScript form reads: the fact's columns, its words, its origin and its linked entity. */
export interface ConfidenceFacts {
  origin: 'machine' | 'human';
  /** The words of the fact (its evidence). */
  words: string;
  /** The value of a column of the fact's row (booleans and numbers as stored or as in the payload). */
  column(name: string): unknown;
  entity?: { name: string; aliases: string[]; wikidata: string | null; country?: string | null } | null;
}

const holds = (test: ConfidenceTest, facts: ConfidenceFacts): boolean => {
  if ('is' in test) return facts.column(test.is[0]) === test.is[1];
  if ('set' in test) return Boolean(facts.column(test.set));
  if ('isWords' in test) return facts.column(test.isWords) === facts.words;
  if ('namesEntity' in test)
    return !!facts.entity && (facts.entity.name === facts.words || facts.entity.aliases.includes(facts.words));
  return Boolean(facts.entity?.[test.entitySet]);
};

/** The JavaScript form: the confidence of one fact. */
export function confidenceOf(rule: ConfidenceRule | undefined, facts: ConfidenceFacts): number {
  if (facts.origin === 'human') return 1;
  if (!rule) return defaultConfidence;
  return rule.cases.find((c) => c.when.every((test) => holds(test, facts)))?.then ?? rule.otherwise;
}

/** What the SQL form needs: each column's type, and the backend's test that an entity's aliases list a text. */
export interface ConfidenceSqlContext {
  typeOf(column: string): ColumnType;
  aliasOf(text: string): string;
  /** The SQL of a column of `x` when it is not `x.<name>` (a sliced column: item-kinds.ts); absent: `x.<name>`. */
  columnSql?(name: string): string;
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const column = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`confidence rule: "${name}" is not a column name`);
  return `x.${name}`;
};

const sqlOf = (test: ConfidenceTest, rule: ConfidenceRule, context: ConfidenceSqlContext): string => {
  const valueOf = (name: string): string => {
    const plain = column(name); // checks the name
    return context.columnSql?.(name) ?? plain;
  };
  const words = valueOf(rule.words ?? 'text');
  if ('is' in test) return `${valueOf(test.is[0])} = ${literal(test.is[1])}`;
  if ('isWords' in test) return `${valueOf(test.isWords)} = ${words}`;
  if ('namesEntity' in test) return `(e.name = ${words} OR ${context.aliasOf(words)})`;
  if ('entitySet' in test) return `coalesce(e.${test.entitySet}, '') <> ''`;
  const type = context.typeOf(test.set);
  if (type === 'bool') return valueOf(test.set);
  if (type === 'int' || type === 'float') return `coalesce(${valueOf(test.set)}, 0) <> 0`;
  return `coalesce(${valueOf(test.set)}, '') <> ''`;
};

/** The SQL form: the confidence of the row `x` (and its entity `e`, see confidenceJoin) as an expression. */
export function confidenceSql(rule: ConfidenceRule | undefined, context: ConfidenceSqlContext): string {
  if (!rule) return `CASE WHEN x.origin = 'human' THEN 1 ELSE ${defaultConfidence} END`;
  const cases = rule.cases.map(
    (c) => `WHEN ${c.when.map((test) => sqlOf(test, rule, context)).join(' AND ')}
        THEN ${c.then}`,
  );
  return `CASE WHEN x.origin = 'human' THEN 1 ${cases.join(' ')} ELSE ${rule.otherwise} END`;
}

/** Whether the rule reads the linked entity (the SQL form then joins it as `e`). */
export const readsEntity = (rule: ConfidenceRule | undefined): boolean =>
  !!rule?.cases.some((c) => c.when.some((test) => 'namesEntity' in test || 'entitySet' in test));

/** The columns of the linked entity the rule reads (`aliases` with `name` where it tests the words name it). */
export const entityColumnsRead = (
  rule: ConfidenceRule | undefined,
): Array<'name' | 'aliases' | 'wikidata' | 'country'> => [
  ...new Set(
    (rule?.cases ?? []).flatMap((c) =>
      c.when.flatMap((test) =>
        'namesEntity' in test ? (['name', 'aliases'] as const) : 'entitySet' in test ? [test.entitySet] : [],
      ),
    ),
  ),
];

/** The join of the linked entity `e`, when the rule reads it. */
export const confidenceJoin = (rule: ConfidenceRule | undefined): string =>
  readsEntity(rule) ? ` LEFT JOIN entities e ON e.id = ${column(rule!.entity ?? 'entity_id')}` : '';

/** The columns of the row the rule reads (the JavaScript form needs them selected). */
export const columnsRead = (rule: ConfidenceRule | undefined): string[] => [
  ...new Set(
    (rule?.cases ?? []).flatMap((c) =>
      c.when.flatMap((test) =>
        'is' in test ? [test.is[0]] : 'set' in test ? [test.set] : 'isWords' in test ? [test.isWords] : [],
      ),
    ),
  ),
];
