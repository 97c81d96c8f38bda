// The one way user-provided HTML or Markdown-made HTML reaches a page: an allow-list sanitiser
// (sanitize-html) that keeps plain formatting and http(s)/mailto links, and drops scripts,
// styles, event handlers and every other attribute. Plain text is escaped with escapeHtml.
// sanitize-html (with postcss) is loaded on the first use, not at every start of the server.
import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';

const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtml | undefined;
/** The sanitiser, loaded once. */
const loaded = (): typeof sanitizeHtml => (sanitizer ??= require('sanitize-html') as typeof sanitizeHtml);

const allowList = (): sanitizeHtml.IOptions => ({
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'u',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'a',
    'mark',
    'ins',
    'del',
    'span',
  ],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: loaded().simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
});
let options: sanitizeHtml.IOptions | undefined;

export function sanitizeUserHtml(html: string): string {
  if (!options) {
    options = allowList();
    options.allowedAttributes = { a: ['href', 'title', 'rel'] };
  }
  return loaded()(html, options);
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character]!);
}
