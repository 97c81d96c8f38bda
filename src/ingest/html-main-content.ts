// Finds the main content of a real-world web page, with the rules Readability uses (applied to the
// DOM we parse, so offsets and positions stay those of the source): page chrome is left out —
// navigation, cookie and consent banners, dialogs, sidebars, "related"/"most read" boxes, share
// bars, newsletter sign-ups, comments, breadcrumbs, footers, and on encyclopedia pages the
// infobox, edit links, reference marks and lists, navboxes and table of contents. The content
// container is a <main>/[role=main]/articleBody/known CMS body container when there is one, else
// the element whose paragraphs score highest (text length, commas, low link density), else <body>.
// Also reads the page's metadata: og:site_name, article:published_time / <time datetime>, author.
// Linear in the page: text stats and "inside chrome" are computed once per element and page
// (PageScan), so deep nesting or 100,000 candidates cost one walk, not one each.
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';

/** Elements that are never content (whatever their class). */
const chromeRoles = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'dialog',
  'alertdialog',
  'search',
  'menu',
  'menubar',
  'toolbar',
  'tablist',
  'alert',
]);

/**
 * Class/id fragments of page chrome, matched anywhere in the name (Readability's "unlikely candidates", with consent,
 * share and encyclopedia furniture added).
 */
const chromeFragments = new RegExp(
  [
    String.raw`cookie|consent|gdpr|banner|combx|comment|disqus|`,
    String.raw`footer|outbrain|taboola|promo|related|recommend|`,
    String.raw`most-?read|popular|trending|scroll|share|sharing|`,
    String.raw`social|shoutbox|sidebar|widget|skyscraper|sponsor|`,
    String.raw`shopping|newsletter|subscri|signup|sign-up|popup|`,
    String.raw`modal|overlay|breadcrumb|pagination|pager|navbar|`,
    String.raw`navigation|menu|ticker|advert|infobox|editsection|`,
    String.raw`reflist|navbox|hatnote|catlinks|printfooter|sistersitebox|`,
    String.raw`noprint|jump-link|author-?card|author-?bio|masthead|`,
    String.raw`site-header|global-header|agegate|supplemental|`,
    String.raw`remark|replies|rss`,
  ].join(''),
  'i',
);

/** Short class/id words of page chrome, matched as whole words only ("nav", but not "canvas"). */
const chromeWords = new RegExp(
  [
    String.raw`(^|[\s_-])(nav|tags?|tools?|toolbar|contact|meta-?nav|`,
    String.raw`ads?|ad-slot|toc|references|reflist|footnotes?|`,
    String.raw`download|cta|button|btn|actions?|print|cite|citation)([\s_-]|`,
    String.raw`$)`,
  ].join(''),
  'i',
);

/** Class/id words that keep a container even when a chrome word is also there ("content-sidebar-wrap"). */
const contentWords = /(^|[\s_-])(article|body|column|content|main|entry|post|story|text|shadow)([\s_-]|$)/i;

/** Class names CMSs give the article body, most specific first. */
const bodyClassNames = [
  'entry-content',
  'post-content',
  'article-body',
  'article__body',
  'articleBody',
  'story-body',
  'story-content',
  'article-content',
  'field--name-body',
  'node__content',
  'mw-parser-output',
  'c-article-body',
  'post-body',
  'body-text',
];
const bodyIds = new Set(['mw-content-text', 'article-body', 'story-body']);
/** Matchers for the article body, in order: schema.org's articleBody (0), known body classes (1…), known ids (last). */
const bodyContainerRuleCount = bodyClassNames.length + 2;
/**
 * The first body-container matcher an element meets, or -1 (most elements: no class, no itemprop).
 * An element's eligibility (not chrome, enough text) does not depend on the matcher, so its first
 * matcher is the only one that can pick it.
 */
function bodyContainerRule(element: Element): number {
  const { itemprop, class: classes, id } = element.attribs;
  if (itemprop === 'articleBody') return 0;
  if (classes) {
    const padded = ` ${classes} `;
    for (let i = 0; i < bodyClassNames.length; i++) if (padded.includes(` ${bodyClassNames[i]} `)) return 1 + i;
  }
  return id !== undefined && bodyIds.has(id) ? bodyContainerRuleCount - 1 : -1;
}
/**
 * A body container holds at least this much text that is not link text (a sidebar block reusing the class does not).
 */
const minimumBodyText = 140;

const attributesOf = (element: Element): string => `${element.attribs.class ?? ''} ${element.attribs.id ?? ''}`;

const chromeVerdicts = new WeakMap<Element, boolean>();

/**
 * Whether an element is page chrome: by role, hidden state, or chrome words in its class/id (remembered per element).
 */
export function isChrome(element: Element): boolean {
  let verdict = chromeVerdicts.get(element);
  if (verdict === undefined) {
    verdict = judgeChrome(element);
    chromeVerdicts.set(element, verdict);
  }
  return verdict;
}

/**
 * Whether an element holds the page's main content: a <main> or [role=main] below it (not a card grid of short
 * <article>s).
 */
function holdsMain(root: Element): boolean {
  const stack: AnyNode[] = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    if (node.name === 'main' || node.attribs.role === 'main') return true;
    if (node.name === 'article' && rawTextLength(node, 1500) >= 1500) return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}

function judgeChrome(element: Element): boolean {
  const role = (element.attribs.role ?? '').toLowerCase();
  if (chromeRoles.has(role)) return true;
  if (
    element.attribs['aria-hidden'] === 'true' ||
    element.attribs['aria-modal'] === 'true' ||
    'hidden' in element.attribs
  )
    return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.attribs.style ?? '')) return true;
  // Reference marks ([1]) and edit links are inline chrome wherever they stand.
  if (element.name === 'sup' && /(^|\s)reference(\s|$)/.test(element.attribs.class ?? '')) return true;
  const words = attributesOf(element);
  if (!chromeFragments.test(words) && !chromeWords.test(words)) return false;
  if (element.name === 'body' || element.name === 'main' || element.name === 'article') return false;
  // "content-sidebar-wrap" holds the content: a container named for content and chrome is kept
  // when it holds a good deal of text; a small "post-navigation" or "share-post" box is chrome.
  if (contentWords.test(words) && rawTextLength(element, 500) >= 500) return false;
  // A layout wrapper named for its sidebar ("sidebar-grid") that holds the <main> or the article is no sidebar.
  return !holdsMain(element);
}

/** Length of an element's text, counting up to `enough` (iterative; no chrome rules, so isChrome can use it). */
function rawTextLength(root: Element, enough: number): number {
  let length = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && length < enough) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) length += node.data.trim().length;
    else if (isTag(node) && node.name !== 'script' && node.name !== 'style')
      for (const child of node.children) stack.push(child);
  }
  return length;
}

/** All elements under the roots, in document order (iterative). */
function* elementsOf(roots: readonly AnyNode[]): Generator<Element> {
  const stack: AnyNode[] = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
}

interface TextStats {
  /** Characters of text (each text node trimmed), leaving out scripts, styles and chrome. */
  text: number;
  /** Of which inside links. */
  links: number;
  commas: number;
}

const noText: TextStats = { text: 0, links: 0, commas: 0 };

/**
 * What is known about the elements of one page while its content is found (the DOM does not
 * change meanwhile): each element's text stats, computed once from its children's, and whether
 * it lies inside chrome, computed once from its parent's. Every question then costs the page one
 * walk in all, whatever its nesting depth or number of candidates.
 */
interface PageScan {
  stats: Map<Element, TextStats>;
  insideChrome: Map<Element, boolean>;
}

const newPageScan = (): PageScan => ({ stats: new Map(), insideChrome: new Map() });

function commasIn(data: string): number {
  let count = 0;
  for (let at = data.indexOf(','); at !== -1; at = data.indexOf(',', at + 1)) count++;
  return count;
}

/**
 * Text length of an element's content, and how much of it is link text and commas: bottom-up
 * (iterative, post-order), remembering every element's stats on the way, so that the candidates
 * of a page (the article, <main>, scored paragraphs and their parents) cost one walk in all.
 */
function textStats(root: Element, scan: PageScan): TextStats {
  const cache = scan.stats;
  const known = cache.get(root);
  if (known) return known;
  const stack: Array<{ element: Element; expanded: boolean }> = [{ element: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const element = top.element;
    if (cache.has(element)) {
      stack.pop();
    } else if (element.name === 'script' || element.name === 'style' || isChrome(element)) {
      cache.set(element, noText);
      stack.pop();
    } else if (!top.expanded) {
      top.expanded = true;
      for (const child of element.children)
        if (isTag(child) && !cache.has(child)) stack.push({ element: child, expanded: false });
    } else {
      stack.pop();
      let text = 0;
      let links = 0;
      let commas = 0;
      for (const child of element.children) {
        if (isText(child)) {
          text += child.data.trim().length;
          commas += commasIn(child.data);
        } else if (isTag(child)) {
          const stats = cache.get(child) ?? noText;
          text += stats.text;
          links += stats.links;
          commas += stats.commas;
        }
      }
      // All text inside a link is link text.
      cache.set(element, { text, links: element.name === 'a' ? text : links, commas });
    }
  }
  return cache.get(root) ?? noText;
}

/** Whether an element or one of its ancestors is chrome (remembered for it and the ancestors walked). */
function insideChrome(element: Element, scan: PageScan): boolean {
  const walked: Element[] = [];
  let verdict = false;
  for (
    let current: Element | null = element;
    current;
    current = current.parent && isTag(current.parent) ? current.parent : null
  ) {
    const known = scan.insideChrome.get(current);
    if (known !== undefined) {
      verdict = known;
      break;
    }
    walked.push(current);
    if (isChrome(current)) {
      verdict = true;
      break;
    }
  }
  for (const each of walked) scan.insideChrome.set(each, verdict);
  return verdict;
}

/**
 * The element whose paragraphs score highest (Readability's scoring, simplified): each paragraph
 * of 25+ characters gives 1 + its commas + min(3, length/100) to its parent and half to its
 * grandparent; a candidate's score is scaled down by its link density.
 */
function bestScoredContainer(roots: readonly AnyNode[], scan: PageScan): Element | null {
  const scores = new Map<Element, number>();
  for (const element of elementsOf(roots)) {
    if (element.name !== 'p' && element.name !== 'pre' && element.name !== 'td') continue;
    if (insideChrome(element, scan)) continue;
    const stats = textStats(element, scan);
    if (stats.text < 25) continue;
    const score = 1 + stats.commas + Math.min(3, Math.floor(stats.text / 100));
    const parent = element.parent && isTag(element.parent) ? element.parent : null;
    if (!parent) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grandparent = parent.parent && isTag(parent.parent) ? parent.parent : null;
    if (grandparent) scores.set(grandparent, (scores.get(grandparent) ?? 0) + score / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [element, score] of scores) {
    const stats = textStats(element, scan);
    const linkDensity = stats.text === 0 ? 1 : stats.links / stats.text;
    const final = score * (1 - linkDensity);
    if (final > bestScore) {
      best = element;
      bestScore = final;
    }
  }
  return best;
}

/** The article among several: the one with the most non-link text (a sidebar teaser loses). */
function largestArticle(articles: Element[], scan: PageScan): Element | null {
  let best: Element | null = null;
  let bestText = -1;
  for (const article of articles) {
    if (insideChrome(article, scan)) continue;
    const stats = textStats(article, scan);
    const own = stats.text - stats.links;
    if (own > bestText) {
      best = article;
      bestText = own;
    }
  }
  return best;
}

/**
 * The nodes to read as the page's content. The page title (<h1>) is kept when the chosen container
 * lies below it: a headline often stands above the article body, outside it. `wholeBody`: no
 * container was found and the body is read (its header and footer are then site chrome).
 */
export function mainContentNodes(roots: readonly AnyNode[]): { nodes: AnyNode[]; wholeBody: boolean } {
  const all = [...elementsOf(roots)];
  const scan = newPageScan();
  const main = all.find(
    (element) => (element.name === 'main' || element.attribs.role === 'main') && !insideChrome(element, scan),
  );
  const articles = all.filter((element) => element.name === 'article');
  let container: Element | null = null;
  const candidatesByRule: Element[][] = Array.from({ length: bodyContainerRuleCount }, () => []);
  for (const element of all) {
    const rule = bodyContainerRule(element);
    if (rule >= 0) candidatesByRule[rule]!.push(element);
  }
  for (const candidates of candidatesByRule) {
    if (candidates.length === 0) continue;
    container = mostText(
      candidates.filter((element) => !insideChrome(element, scan)),
      minimumBodyText,
      scan,
    );
    if (container) break;
  }
  // The largest article, unless a <main> holds much more than it (the articles are then teaser cards).
  const article = articles.length > 0 ? largestArticle(articles, scan) : null;
  if (article && main && !contains(main, article)) container ??= article;
  else if (article && main) {
    const ownText = (element: Element) => {
      const stats = textStats(element, scan);
      return stats.text - stats.links;
    };
    container ??= ownText(article) * 2 >= ownText(main) ? article : main;
  } else container ??= article;
  container ??= main ?? null;
  container ??= bestScoredContainer(roots, scan);
  if (!container) {
    const body = all.find((element) => element.name === 'body');
    return { nodes: body ? body.children : [...roots], wholeBody: true };
  }
  // The headline above a body container (an <h1>, or an element marked as the headline), when the container has none.
  const chosen = container;
  if (!all.some((element) => element.name === 'h1' && contains(chosen, element) && !insideChrome(element, scan))) {
    const above = (element: Element) =>
      !contains(chosen, element) &&
      (element.startIndex ?? 0) < (chosen.startIndex ?? 0) &&
      !insideChrome(element, scan);
    const headline =
      all.find((element) => element.name === 'h1' && above(element)) ??
      all.find(
        (element) =>
          (element.attribs.itemprop === 'headline' || headlineClass.test(element.attribs.class ?? '')) &&
          above(element) &&
          textStats(element, scan).text <= 300,
      );
    if (headline) {
      // The byline and date often stand between the headline and the body, outside both.
      const between = all.filter(
        (element) =>
          (element.startIndex ?? 0) > (headline.endIndex ?? headline.startIndex ?? 0) &&
          (element.startIndex ?? 0) < (chosen.startIndex ?? 0) &&
          bylineClass.test(`${element.attribs.class ?? ''} ${element.attribs.itemprop ?? ''}`) &&
          !contains(chosen, element) &&
          !insideChrome(element, scan),
      );
      // In document order, an element inside an earlier one is inside the last outermost one so far.
      const outermost: Element[] = [];
      for (const element of between) {
        const last = outermost[outermost.length - 1];
        if (!last || !contains(last, element)) outermost.push(element);
      }
      return { nodes: [headline, ...outermost, container], wholeBody: false };
    }
  }
  return { nodes: [container], wholeBody: false };
}

/** Class names (or itemprop) of a byline or dateline block. */
const bylineClass = /(^|[\s_-])(byline|author|authors|dateline|date|published|timestamp|datePublished)([\s_-]|$)/i;

/** Class names of a headline that is not an <h1>. */
const headlineClass = new RegExp(
  [
    String.raw`(^|\s)(headline|story-title|article-title|entry-title|`,
    String.raw`post-title|page-title|story__headline|article__title|`,
    String.raw`title)(\s|$)`,
  ].join(''),
);

/** The element with the most text that is not link text, when it has at least `minimum` of it. */
function mostText(elements: Element[], minimum: number, scan: PageScan): Element | null {
  let best: Element | null = null;
  let bestText = minimum - 1;
  for (const element of elements) {
    const stats = textStats(element, scan);
    if (stats.text - stats.links > bestText) {
      best = element;
      bestText = stats.text - stats.links;
    }
  }
  return best;
}

function contains(ancestor: Element, node: Element): boolean {
  for (let current: AnyNode | null = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** What a page says about itself in <meta> and <time>: publisher, publication date (YYYY-MM-DD), author. */
export interface PageMetadata {
  publisher: string | null;
  published: string | null;
  author: string | null;
}

export function pageMetadata(roots: readonly AnyNode[]): PageMetadata {
  const found: PageMetadata = { publisher: null, published: null, author: null };
  /** Scholarly pages list every author in its own citation_author (Highwire) or DC.creator tag. */
  const citationAuthors: string[] = [];
  const scan = newPageScan();
  for (const element of elementsOf(roots)) {
    if (element.name === 'script' && (element.attribs.type ?? '').toLowerCase() === 'application/ld+json') {
      readLinkedData(element, found);
    } else if (element.name === 'meta') {
      const key = (element.attribs.property ?? element.attribs.name ?? element.attribs.itemprop ?? '').toLowerCase();
      const content = (element.attribs.content ?? '').trim();
      if (!content) continue;
      if (
        key === 'og:site_name' ||
        key === 'application-name' ||
        key === 'publisher' ||
        key === 'citation_publisher' ||
        key === 'dc.publisher'
      )
        found.publisher ??= content;
      else if (
        [
          'article:published_time',
          'datepublished',
          'date',
          'dc.date',
          'dc.date.issued',
          'parsely-pub-date',
          'citation_publication_date',
          'citation_date',
        ].includes(key)
      )
        found.published ??= isoDay(content.replace(/\//g, '-'));
      else if (key === 'citation_author' || key === 'dc.creator') citationAuthors.push(content);
      else if (key === 'author' || key === 'article:author' || key === 'parsely-author')
        found.author ??= /^https?:/.test(content) ? null : content;
    } else if (element.name === 'time' && element.attribs.datetime && !insideChrome(element, scan)) {
      found.published ??= isoDay(element.attribs.datetime);
    } else if (
      (/(^|\s)(schema:)?author(\s|$)/.test(element.attribs.rel ?? '') || element.attribs.itemprop === 'author') &&
      !insideChrome(element, scan)
    ) {
      // <a rel="author">Jane Doe</a>, <span itemprop="author">…</span>
      const name = (element.attribs.content ?? textOf(element)).replace(/\s+/g, ' ').trim();
      if (name.length > 1 && name.length <= 80) found.author ??= name;
    }
  }
  if (citationAuthors.length > 0) found.author ??= citationAuthors.slice(0, 10).join(' and ');
  return found;
}

/** The day of an ISO date or date-time (YYYY-MM-DD, or YYYY-MM), or null. */
function isoDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value.trim());
  if (!match) return null;
  return match[3] ? `${match[1]}-${match[2]}-${match[3]}` : `${match[1]}-${match[2]}`;
}

/** The text of an element (iterative). */
function textOf(root: Element): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) parts.push(node.data);
    else if (isTag(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return parts.join('');
}

/** Largest JSON-LD block read (a page's structured data is a few KB). */
const maxLinkedDataLength = 200_000;
const articleTypes = /(Article|Report|BlogPosting|Posting|PressRelease|WebPage)$/;

/** Author, datePublished and publisher of the first article-like object of a JSON-LD block (schema.org). */
function readLinkedData(script: Element, found: PageMetadata): void {
  const text = script.children.map((child) => (isText(child) ? child.data : '')).join('');
  if (text.length > maxLinkedDataLength) return;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return;
  }
  const queue: unknown[] = [data];
  for (let seen = 0; queue.length > 0 && seen < 200; seen++) {
    const item = queue.shift();
    if (Array.isArray(item)) {
      queue.push(...item);
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (Array.isArray(record['@graph'])) queue.push(...record['@graph']);
    const type = [record['@type']].flat().map(String).join(' ');
    if (!articleTypes.test(type)) continue;
    const nameOf = (value: unknown): string | null => {
      if (typeof value === 'string') return value.trim() || null;
      if (Array.isArray(value)) {
        const names = value.map(nameOf).filter((name): name is string => name !== null);
        return names.length > 0 ? names.join(' and ') : null;
      }
      if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string')
        return (value as { name: string }).name.trim() || null;
      return null;
    };
    found.author ??= nameOf(record.author);
    found.publisher ??= nameOf(record.publisher);
    if (typeof record.datePublished === 'string') found.published ??= isoDay(record.datePublished);
    return;
  }
}
