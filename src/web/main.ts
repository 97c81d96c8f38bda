// Entry of the web UI: the route table and the router start. Pages fetch the JSON API only.
import './styles.css';
import { h } from './dom.js';
import { startRouter, type Page } from './router.js';
import { homePage } from './pages/home.js';
import { actorPage } from './pages/actor.js';
import { entityPage } from './pages/entity.js';
import { comparePage } from './pages/compare.js';
import { networkPage } from './pages/network.js';
import { timelinePage } from './pages/timeline.js';
import { searchPage } from './pages/search.js';

const notFound: Page = async () => ({
  title: 'Not found',
  node: h('div', { class: 'page' }, h('h1', null, 'Page not found'), h('p', null, 'There is no page at this address. ', h('a', { href: '/' }, 'See the actors'), '.')),
});

startRouter(
  [
    { pattern: /^\/$/, page: homePage },
    { pattern: /^\/actors\/([^/]+)\/?$/, page: actorPage },
    { pattern: /^\/entities\/([^/]+)\/?$/, page: entityPage },
    { pattern: /^\/compare\/?$/, page: comparePage },
    { pattern: /^\/network\/?$/, page: networkPage },
    { pattern: /^\/timeline\/?$/, page: timelinePage },
    { pattern: /^\/search\/?$/, page: searchPage },
  ],
  notFound,
);
