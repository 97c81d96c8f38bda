// Entry of the web UI: the route table, the header's user menu and the router start. Pages
// fetch the JSON API only; every page's code loads on demand (its own chunk, with the modules it
// shares preloaded beside it by Vite), so the home page does not parse the network page's code, and
// the page asked for first starts loading before anything else runs.
import './styles.css';
import { h } from './dom.js';
import { firstRequests } from './first-requests.js';
import { navigate, startRouter, type Page, type PageContext } from './router.js';
import { mountUserMenu } from './session.js';

const notFound: Page = async () => ({
  title: 'Not found',
  node: h(
    'div',
    { class: 'page' },
    h('h1', null, 'Page not found'),
    h('p', null, 'There is no page at this address. ', h('a', { href: '/' }, 'See the actors'), '.'),
  ),
});

/** A page whose module loads when it is first visited (the import is shared by later visits). */
const lazy = (load: () => Promise<Page>): Page => {
  let loading: Promise<Page> | null = null;
  return async (ctx: PageContext) => {
    loading ??= load();
    try {
      return (await loading)(ctx);
    } catch (error) {
      loading = null; // a failed load (a network error) is tried again on the next visit
      throw error;
    }
  };
};

/**
 * The home page's map code, asked for beside the page's code (not once the page has run: a round trip less before
 * the map, which is on its first screen); the page imports the same module.
 */
const mapCode = () => import('./map/actor-map.js');
/** The network page's drawing code (its first frame), likewise asked for beside the page's code. */
const networkCode = () => import('./network-canvas.js');

const routes = [
  {
    pattern: /^\/$/,
    page: lazy(async () => {
      mapCode().catch(() => undefined); // the page says so if the map cannot be had
      return (await import('./pages/home.js')).homePage;
    }),
  },
  { pattern: /^\/actors\/([^/]+)\/?$/, page: lazy(async () => (await import('./pages/actor.js')).actorPage) },
  {
    pattern: /^\/actors\/([^/]+)\/changes\/?$/,
    page: lazy(async () => (await import('./pages/changes.js')).changesPage),
  },
  { pattern: /^\/entities\/([^/]+)\/?$/, page: lazy(async () => (await import('./pages/entity.js')).entityPage) },
  { pattern: /^\/compare\/?$/, page: lazy(async () => (await import('./pages/compare.js')).comparePage) },
  {
    pattern: /^\/network\/?$/,
    page: lazy(async () => {
      networkCode().catch(() => undefined); // the page says so if the drawing code cannot be had
      return (await import('./pages/network.js')).networkPage;
    }),
  },
  { pattern: /^\/timeline\/?$/, page: lazy(async () => (await import('./pages/timeline.js')).timelinePage) },
  { pattern: /^\/search\/?$/, page: lazy(async () => (await import('./pages/search.js')).searchPage) },
  { pattern: /^\/checks\/?$/, page: lazy(async () => (await import('./pages/checks.js')).checksPage) },
  { pattern: /^\/login\/?$/, page: lazy(async () => (await import('./pages/login.js')).loginPage) },
  { pattern: /^\/upload\/?$/, page: lazy(async () => (await import('./pages/upload.js')).uploadPage) },
  { pattern: /^\/review\/?$/, page: lazy(async () => (await import('./pages/review.js')).reviewPage) },
  { pattern: /^\/audit\/?$/, page: lazy(async () => (await import('./pages/audit.js')).auditPage) },
];

// The page's own code and data first: the router renders at once, its first API requests started beside the
// page's code; the user menu asks for the session after.
startRouter(routes, notFound, firstRequests);
mountUserMenu(document.getElementById('account')!, document.getElementById('editor-nav')!, () => navigate('/'));
