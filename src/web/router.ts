// A small History API router: same-origin link clicks and popstate render the matching page
// into <main>; the previous page's work is aborted and its cleanups run.
import { prefetchJson } from './api.js';
import { h } from './dom.js';

export interface PageContext {
  params: string[];
  query: URLSearchParams;
  signal: AbortSignal;
  /** Register work to undo when the user leaves the page (e.g. destroy a graph). */
  onCleanup(fn: () => void): void;
}

export interface PageResult {
  title: string;
  node: Node;
  /** Called once the node is in the document (for layout-dependent work). */
  mounted?: () => void | Promise<void>;
}

export type Page = (ctx: PageContext) => Promise<PageResult>;
export interface Route {
  pattern: RegExp;
  page: Page;
}

/** The API requests to start while the page's code loads (by path and query; `initial` on a visit's first page). */
export type FirstRequests = (pathname: string, query: URLSearchParams, initial: boolean) => string[];

let routes: Route[] = [];
let notFound: Page;
let firstRequests: FirstRequests = () => [];
let current: { controller: AbortController; cleanups: (() => void)[] } | undefined;
let renderCount = 0;

export function startRouter(table: Route[], fallback: Page, early?: FirstRequests): void {
  routes = table;
  notFound = fallback;
  if (early) firstRequests = early;
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => void render(false));
  void render(false, true);
}

/** Navigate to a same-origin URL (pushState, or replaceState when `replace`). */
export function navigate(url: string, { replace = false } = {}): void {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) {
    location.assign(target.href);
    return;
  }
  const samePage = target.pathname === location.pathname && target.search === location.search;
  if (replace) history.replaceState(null, '', target.href);
  else history.pushState(null, '', target.href);
  if (samePage && target.hash) revealHash();
  else void render(true);
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor) return;
  const href = anchor.getAttribute('href');
  if (!href || anchor.hasAttribute('download') || (anchor.getAttribute('target') ?? '_self') !== '_self') return;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || url.pathname === '/openapi.json' || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.href);
}

/** Scroll to and highlight the element the hash names (e.g. #s-1220, a sentence). */
export function revealHash(): void {
  document.querySelectorAll('.is-target').forEach((el) => el.classList.remove('is-target'));
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const el = document.getElementById(id);
  if (!el) return;
  el.classList.add('is-target');
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center' });
}

async function render(userNavigation: boolean, initial = false): Promise<void> {
  const main = document.getElementById('main')!;
  current?.controller.abort();
  current?.cleanups.forEach((fn) => fn());
  const state = { controller: new AbortController(), cleanups: [] as (() => void)[] };
  current = state;
  const count = ++renderCount;
  let route: Route | undefined;
  let params: string[] = [];
  for (const candidate of routes) {
    const match = candidate.pattern.exec(location.pathname);
    if (match) {
      route = candidate;
      params = match.slice(1).map((p) => decodeURIComponent(p));
      break;
    }
  }
  markNav();
  const query = new URLSearchParams(location.search);
  const busy = setTimeout(() => {
    if (count === renderCount) main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  }, 150);
  main.setAttribute('aria-busy', 'true');
  try {
    const ctx: PageContext = {
      params,
      query,
      signal: state.controller.signal,
      onCleanup: (fn) => state.cleanups.push(fn),
    };
    const rendering = route ? route.page(ctx) : notFound(ctx);
    // The page's first API requests start now, beside its code (not one round trip after it has arrived), and
    // after it: the server sends the code first (it is ready; an answer may take a query) and the page asks later.
    prefetchJson(firstRequests(location.pathname, query, initial));
    const result = await rendering;
    clearTimeout(busy);
    if (count !== renderCount) return;
    main.replaceChildren(result.node);
    document.title = `${result.title} · Dossier`;
    try {
      await result.mounted?.();
    } catch (error) {
      if (!state.controller.signal.aborted) {
        console.warn('page enhancement failed', error);
        main.append(
          h(
            'p',
            { class: 'notice', role: 'alert' },
            `Part of this page could not be drawn: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
    }
  } catch (error) {
    if (count !== renderCount || state.controller.signal.aborted) return;
    main.replaceChildren(errorView(error));
    document.title = 'Error · Dossier';
  } finally {
    clearTimeout(busy);
    if (count === renderCount) main.removeAttribute('aria-busy');
  }
  if (count !== renderCount) return;
  const announcer = document.getElementById('announcer');
  if (announcer && !initial) announcer.textContent = document.title;
  if (location.hash) revealHash();
  else if (userNavigation) {
    window.scrollTo(0, 0);
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }
}

function markNav(): void {
  const path = location.pathname;
  document.querySelectorAll<HTMLAnchorElement>('.nav-list a').forEach((a) => {
    const href = a.getAttribute('href') ?? '';
    // A source's page is not an actor's: no menu item is current there.
    const active =
      href === '/'
        ? path === '/' || (path.startsWith('/actors/') && !path.startsWith('/actors/source-'))
        : path.startsWith(href);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

export function errorView(error: unknown): Node {
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  return h(
    'div',
    { class: 'page error-page' },
    h('h1', null, status === 404 ? 'Not found' : 'Something went wrong'),
    h('p', null, message),
    h('p', null, h('a', { href: '/' }, 'Back to the actors')),
  );
}
