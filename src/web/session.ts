// The signed-in user: GET /api/auth/session is fetched once per page load (the cookie carries
// the session), its CSRF token goes with every write, and the header shows the user menu (name,
// role, sign out) or a sign-in link.
import type { Role, SessionInfo } from '../model/index.js';
import { ApiError, getJson, sendJson } from './api.js';
import { h } from './dom.js';

const anonymous: SessionInfo = {
  mode: 'public-read',
  authenticated: false,
  user: null,
  via: 'anonymous',
  csrfToken: null,
};
let current: Promise<SessionInfo> | null = null;
const listeners = new Set<(session: SessionInfo) => void>();

/** The session, fetched once and then kept until sign-in or sign-out replaces it. */
export function session(): Promise<SessionInfo> {
  current ??= getJson<SessionInfo>('/api/auth/session').catch(() => anonymous);
  return current;
}

function replace(next: SessionInfo): void {
  current = Promise.resolve(next);
  listeners.forEach((fn) => fn(next));
}

export const isEditor = (s: SessionInfo): boolean => s.user?.role === 'editor' || s.user?.role === 'admin';

export async function signIn(username: string, password: string): Promise<SessionInfo> {
  // A browser that already has a session must prove it with that session's CSRF token.
  const { csrfToken } = await session();
  const next = await sendJson<SessionInfo>('POST', '/api/auth/login', { username, password }, csrfToken);
  replace(next);
  return next;
}

export async function signOut(): Promise<void> {
  const { csrfToken } = await session();
  try {
    await sendJson<null>('POST', '/api/auth/logout', undefined, csrfToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  replace(anonymous);
  current = null;
}

/** A write of the signed-in user: the CSRF token of the session goes in X-CSRF-Token. */
export async function write<T>(method: 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const { csrfToken } = await session();
  return sendJson<T>(method, path, body, csrfToken);
}

const roleLabels: Record<Role, string> = { reader: 'Reader', editor: 'Editor', admin: 'Admin' };

/** Renders the header's account area and keeps it current; editors also get their links. */
export function mountUserMenu(host: HTMLElement, editorNav: HTMLElement, onSignedOut: () => void): void {
  let close = () => undefined as void;
  host.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  document.addEventListener('click', (e) => {
    if (!host.contains(e.target as Node)) close();
  });
  const render = (s: SessionInfo) => {
    const editor = isEditor(s);
    editorNav.replaceChildren(
      ...(editor
        ? [
            h('li', null, h('a', { href: '/review' }, 'Review')),
            h('li', null, h('a', { href: '/upload' }, 'Upload')),
            h('li', null, h('a', { href: '/audit' }, 'Audit')),
          ]
        : []),
    );
    if (!s.user) {
      close = () => undefined;
      host.replaceChildren(
        h(
          'a',
          { class: 'signin-link', href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` },
          'Sign in',
        ),
      );
      return;
    }
    const button = h(
      'button',
      { type: 'button', class: 'user-button', 'aria-expanded': 'false', 'aria-controls': 'user-menu' },
      h('span', { class: 'user-name' }, s.user.name),
      ' ',
      h('span', { class: `role-badge role-${s.user.role}` }, roleLabels[s.user.role]),
    );
    const menu = h(
      'div',
      { id: 'user-menu', class: 'user-menu', hidden: true },
      h('p', { class: 'small muted' }, `Signed in as ${s.user.name} (${roleLabels[s.user.role].toLowerCase()})`),
      h(
        'button',
        {
          type: 'button',
          class: 'button-quiet signout',
          onclick: () => {
            void signOut().then(onSignedOut, (error: unknown) => console.warn('sign-out failed', error));
          },
        },
        'Sign out',
      ),
    );
    const toggle = (open: boolean) => {
      menu.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
    };
    button.addEventListener('click', () => toggle(menu.hidden));
    close = () => {
      if (menu.hidden) return;
      toggle(false);
      if (host.contains(document.activeElement)) button.focus();
    };
    host.replaceChildren(h('div', { class: 'user-area' }, button, menu));
  };
  listeners.add(render);
  void session().then(render);
}
