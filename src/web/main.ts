// Entry of the web UI: the route table, the header's user menu and the router start. Pages
// fetch the JSON API only; editor pages (review, upload, audit, sign-in) load on demand so the
// reading pages stay small.
import './styles.css';
import { h } from './dom.js';
import { navigate, startRouter, type Page, type PageContext } from './router.js';
import { homePage } from './pages/home.js';
import { actorPage } from './pages/actor.js';
import { entityPage } from './pages/entity.js';
import { comparePage } from './pages/compare.js';
import { networkPage } from './pages/network.js';
import { timelinePage } from './pages/timeline.js';
import { searchPage } from './pages/search.js';
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

const lazy =
  (load: () => Promise<Page>): Page =>
  async (ctx: PageContext) =>
    (await load())(ctx);

mountUserMenu(document.getElementById('account')!, document.getElementById('editor-nav')!, () => navigate('/'));

startRouter(
  [
    { pattern: /^\/$/, page: homePage },
    { pattern: /^\/actors\/([^/]+)\/?$/, page: actorPage },
    {
      pattern: /^\/actors\/([^/]+)\/changes\/?$/,
      page: lazy(async () => (await import('./pages/changes.js')).changesPage),
    },
    { pattern: /^\/entities\/([^/]+)\/?$/, page: entityPage },
    { pattern: /^\/compare\/?$/, page: comparePage },
    { pattern: /^\/network\/?$/, page: networkPage },
    { pattern: /^\/timeline\/?$/, page: timelinePage },
    { pattern: /^\/search\/?$/, page: searchPage },
    { pattern: /^\/checks\/?$/, page: lazy(async () => (await import('./pages/checks.js')).checksPage) },
    { pattern: /^\/login\/?$/, page: lazy(async () => (await import('./pages/login.js')).loginPage) },
    { pattern: /^\/upload\/?$/, page: lazy(async () => (await import('./pages/upload.js')).uploadPage) },
    { pattern: /^\/review\/?$/, page: lazy(async () => (await import('./pages/review.js')).reviewPage) },
    { pattern: /^\/audit\/?$/, page: lazy(async () => (await import('./pages/audit.js')).auditPage) },
  ],
  notFound,
);
