// Pages for editors only: when the visitor is not an editor they get a sign-in prompt instead.
import { h } from './dom.js';
import type { PageResult } from './router.js';
import type { SessionInfo } from '../model/index.js';
import { isEditor, session } from './session.js';

/** The session when the visitor may edit, else the page that says who may and links to sign-in. */
export async function requireEditor(title: string): Promise<{ session: SessionInfo } | { page: PageResult }> {
  const s = await session();
  if (isEditor(s)) return { session: s };
  const next = encodeURIComponent(location.pathname + location.search);
  return {
    page: {
      title,
      node: h(
        'div',
        { class: 'page narrow-page' },
        h('h1', null, title),
        h(
          'p',
          null,
          s.user
            ? `This page is for editors. You are signed in as ${s.user.name}, a ${s.user.role}.`
            : 'This page is for editors.',
        ),
        s.user ? null : h('p', null, h('a', { class: 'button', href: `/login?next=${next}` }, 'Sign in')),
      ),
    },
  };
}
