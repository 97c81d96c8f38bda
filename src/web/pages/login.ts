// Sign-in page: user name and password posted to /api/auth/login (the server sets the HttpOnly
// session cookie); a 429 shows how long to wait (Retry-After). After signing in the user goes
// back to the page they came from (a same-origin path only).
import { ApiError, describeApiError } from '../api.js';
import { h } from '../dom.js';
import { navigate, type Page } from '../router.js';
import { session, signIn } from '../session.js';

/** The `next` parameter when it is a same-origin path (never a scheme, host or protocol-relative URL). */
export function safeNextPath(next: string | null): string {
  if (!next || !/^\/(?![/\\])[^\s\\]*$/.test(next)) return '/';
  const url = new URL(next, 'http://x.invalid');
  return url.origin === 'http://x.invalid' ? `${url.pathname}${url.search}${url.hash}` : '/';
}

export const loginPage: Page = async ({ query }) => {
  const next = safeNextPath(query.get('next'));
  const current = await session();
  const status = h('div', { class: 'form-status', role: 'alert', 'aria-live': 'assertive' });
  const username = h('input', {
    id: 'login-user',
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    required: true,
    maxlength: 64,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 1024,
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in');
  let waitTimer: ReturnType<typeof setInterval> | undefined;
  const form = h(
    'form',
    {
      class: 'form login-form',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        if (!username.value.trim() || !password.value) {
          status.replaceChildren(h('p', { class: 'form-error' }, 'Enter your user name and your password.'));
          (username.value.trim() ? password : username).focus();
          return;
        }
        submit.disabled = true;
        status.replaceChildren();
        signIn(username.value.trim(), password.value).then(
          () => navigate(next, { replace: true }),
          (error: unknown) => {
            submit.disabled = false;
            password.value = '';
            if (error instanceof ApiError && error.status === 429) {
              let seconds = error.retryAfter ?? 60;
              const line = h('p', { class: 'form-error' });
              const tick = () => {
                line.textContent =
                  `Too many sign-in attempts. Try again in ${seconds} ` + `second${seconds === 1 ? '' : 's'}.`;
                if (seconds <= 0) {
                  clearInterval(waitTimer);
                  submit.disabled = false;
                  line.textContent = 'You can try again now.';
                }
                seconds -= 1;
              };
              submit.disabled = true;
              clearInterval(waitTimer);
              tick();
              waitTimer = setInterval(tick, 1000);
              status.replaceChildren(line);
            } else if (error instanceof ApiError && error.status === 401) {
              status.replaceChildren(h('p', { class: 'form-error' }, 'Wrong user name or password.'));
              password.focus();
            } else {
              status.replaceChildren(h('p', { class: 'form-error' }, `Could not sign in: ${describeApiError(error)}`));
            }
          },
        );
      },
    },
    h('div', { class: 'form-row' }, h('label', { for: 'login-user' }, 'User name'), username),
    h('div', { class: 'form-row' }, h('label', { for: 'login-password' }, 'Password'), password),
    status,
    h('div', { class: 'form-actions' }, submit),
  );
  return {
    title: 'Sign in',
    node: h(
      'div',
      { class: 'page narrow-page' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', null, 'Sign in'),
        h(
          'p',
          { class: 'lede' },
          'Editors and admins sign in to upload profiles, review extracted facts and see the audit log.',
        ),
      ),
      current.user
        ? h(
            'p',
            { class: 'notice', role: 'note' },
            `You are signed in as ${current.user.name}. Signing in again starts a new session.`,
          )
        : null,
      form,
    ),
    mounted: () => username.focus(),
  };
};
