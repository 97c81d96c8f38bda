// Finds the main content of a real-world web page, with the rules Readability uses (applied to the
// DOM we parse, so offsets and positions stay those of the source): page chrome is left out —
// navigation, cookie and consent banners, dialogs, sidebars, "related"/"most read" boxes, share
// bars, newsletter sign-ups, comments, breadcrumbs, footers, and on encyclopedia pages the
// infobox, edit links, reference marks and lists, navboxes and table of contents. The content
// container is a <main>/[role=main]/articleBody/known CMS body container when there is one, else
// the element whose paragraphs score highest (text length, commas, low link density), else <body>.
// Also reads the page's metadata: og:site_name, article:published_time / <time datetime>, author.
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';

/** Elements that are never content (whatever their class). */
const chromeRoles = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar', 'toolbar', 'tablist', 'alert']);

/** Class/id words of page chrome (Readability's "unlikely candidates", with consent, share and encyclopedia furniture added). */
const chromeWords =
  /(^|[\s_-])(cookie|cookies|consent|gdpr|banner|combx|comment|comments|disqus|contact|foot|footer|footnotes?|masthead|meta-?nav|outbrain|taboola|promo|promoted|related|recommended|most-?read|popular|trending|scroll|share|sharing|social|shoutbox|sidebar|widget|widgets|skyscraper|sponsor|sponsored|shopping|tags?|tool|toolbar|newsletter|subscribe|subscription|signup|sign-up|popup|modal|overlay|breadcrumbs?|pager|pagination|nav|navbar|navigation|menu|header|ticker|live-?ticker|breaking|advert|ads?|ad-slot|infobox|mw-editsection|reflist|references?|navbox|toc|hatnote|catlinks|printfooter|sistersitebox|noprint|mw-jump-link|author-?card|author-?bio|byline-?card|download|cta)([\s_-]|$)/i;

/** Class/id words that keep a container even when a chrome word is also there ("content-sidebar-wrap"). */
const contentWords = /(^|[\s_-])(article|body|column|content|main|entry|post|story|text|shadow)([\s_-]|$)/i;

/** Containers CMSs put the article body in (checked in this order). */
const bodyContainers = [
  (e: Element) => e.attribs.itemprop === 'articleBody',
  (e: Element) => /(^|\s)(entry-content|post-content|article-body|article__body|articleBody|story-body|story-content|article-content|main-content|field--name-body|node__content|mw-parser-output|c-article-body|post-body|rich-text)(\s|$)/.test(e.attribs.class ?? ''),
  (e: Element) => e.attribs.id === 'mw-content-text' || e.attribs.id === 'article-body' || e.attribs.id === 'story-body',
];

const attributesOf = (element: Element): string => `${element.attribs.class ?? ''} ${element.attribs.id ?? ''}`;

/** Whether an element is page chrome: by role, hidden state, or chrome words in its class/id. */
export function isChrome(element: Element): boolean {
  const role = (element.attribs.role ?? '').toLowerCase();
  if (chromeRoles.has(role)) return true;
  if (element.attribs['aria-hidden'] === 'true' || element.attribs['aria-modal'] === 'true' || 'hidden' in element.attribs) return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.attribs.style ?? '')) return true;
  // Reference marks ([1]) and edit links are inline chrome wherever they stand.
  if (element.name === 'sup' && /(^|\s)reference(\s|$)/.test(element.attribs.class ?? '')) return true;
  const words = attributesOf(element);
  if (!chromeWords.test(words)) return false;
  if (element.name === 'body' || element.name === 'main' || element.name === 'article') return false;
  return !contentWords.test(words);
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

/** Text length of an element's content, and how much of it is link text (iterative). */
function textStats(root: Element): { text: number; links: number; commas: number } {
  let text = 0;
  let links = 0;
  let commas = 0;
  const stack: Array<{ node: AnyNode; inLink: boolean }> = [{ node: root, inLink: false }];
  while (stack.length > 0) {
    const { node, inLink } = stack.pop()!;
    if (isText(node)) {
      const length = node.data.trim().length;
      text += length;
      if (inLink) links += length;
      for (let i = 0; i < node.data.length; i++) if (node.data.charCodeAt(i) === 44) commas++;
    } else if (isTag(node) && node.name !== 'script' && node.name !== 'style' && !isChrome(node)) {
      for (const child of node.children) stack.push({ node: child, inLink: inLink || node.name === 'a' });
    }
  }
  return { text, links, commas };
}

/** Whether an element or one of its ancestors is chrome. */
function insideChrome(element: Element): boolean {
  for (let current: Element | null = element; current; current = current.parent && isTag(current.parent) ? current.parent : null) {
    if (isChrome(current)) return true;
  }
  return false;
}

/**
 * The element whose paragraphs score highest (Readability's scoring, simplified): each paragraph
 * of 25+ characters gives 1 + its commas + min(3, length/100) to its parent and half to its
 * grandparent; a candidate's score is scaled down by its link density.
 */
function bestScoredContainer(roots: readonly AnyNode[]): Element | null {
  const scores = new Map<Element, number>();
  for (const element of elementsOf(roots)) {
    if (element.name !== 'p' && element.name !== 'pre' && element.name !== 'td') continue;
    if (insideChrome(element)) continue;
    const stats = textStats(element);
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
    const stats = textStats(element);
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
function largestArticle(articles: Element[]): Element | null {
  let best: Element | null = null;
  let bestText = -1;
  for (const article of articles) {
    if (insideChrome(article)) continue;
    const stats = textStats(article);
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
  const main = all.find((element) => (element.name === 'main' || element.attribs.role === 'main') && !insideChrome(element));
  const articles = all.filter((element) => element.name === 'article');
  let container: Element | null = null;
  for (const matches of bodyContainers) {
    container = all.find((element) => matches(element) && !insideChrome(element)) ?? null;
    if (container) break;
  }
  container ??= articles.length > 0 ? largestArticle(articles) : null;
  container ??= main ?? null;
  container ??= bestScoredContainer(roots);
  if (!container) {
    const body = all.find((element) => element.name === 'body');
    return { nodes: body ? body.children : [...roots], wholeBody: true };
  }
  // The headline above a body container: the first <h1> outside chrome that precedes the container and is not inside it.
  const headline = all.find((element) => element.name === 'h1' && !insideChrome(element));
  if (headline && !contains(container, headline) && (headline.startIndex ?? 0) < (container.startIndex ?? 0)) return { nodes: [headline, container], wholeBody: false };
  return { nodes: [container], wholeBody: false };
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
  for (const element of elementsOf(roots)) {
    if (element.name === 'meta') {
      const key = (element.attribs.property ?? element.attribs.name ?? element.attribs.itemprop ?? '').toLowerCase();
      const content = (element.attribs.content ?? '').trim();
      if (!content) continue;
      if (key === 'og:site_name' || key === 'application-name' || key === 'publisher') found.publisher ??= content;
      else if (key === 'article:published_time' || key === 'datepublished' || key === 'date' || key === 'dc.date' || key === 'parsely-pub-date') found.published ??= isoDay(content);
      else if (key === 'author' || key === 'article:author' || key === 'parsely-author') found.author ??= /^https?:/.test(content) ? null : content;
    } else if (element.name === 'time' && element.attribs.datetime && !insideChrome(element)) {
      found.published ??= isoDay(element.attribs.datetime);
    }
  }
  return found;
}

/** The day of an ISO date or date-time (YYYY-MM-DD, or YYYY-MM), or null. */
function isoDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value.trim());
  if (!match) return null;
  return match[3] ? `${match[1]}-${match[2]}-${match[3]}` : `${match[1]}-${match[2]}`;
}
