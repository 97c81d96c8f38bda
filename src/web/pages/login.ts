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

/** The parts of the form a failed sign-in changes, and the countdown of a 429 (one at a time). */
interface LoginControls {
  status: HTMLElement;
  username: HTMLInputElement;
  password: HTMLInputElement;
  submit: HTMLButtonElement;
  wait: { timer?: ReturnType<typeof setInterval> };
}

/** A 429: counts down the seconds of Retry-After with the button disabled, then enables it. */
function waitToRetry(seconds: number, { status, submit, wait }: LoginControls): void {
  const line = h('p', { class: 'form-error' });
  const tick = () => {
    line.textContent = `Too many sign-in attempts. Try again in ${seconds} ` + `second${seconds === 1 ? '' : 's'}.`;
    if (seconds <= 0) {
      clearInterval(wait.timer);
      submit.disabled = false;
      line.textContent = 'You can try again now.';
    }
    seconds -= 1;
  };
  submit.disabled = true;
  clearInterval(wait.timer);
  tick();
  wait.timer = setInterval(tick, 1000);
  status.replaceChildren(line);
}

/** Says why the sign-in failed (too many attempts, wrong credentials, anything else). */
function signInFailed(error: unknown, controls: LoginControls): void {
  const { status, submit, password } = controls;
  submit.disabled = false;
  password.value = '';
  if (error instanceof ApiError && error.status === 429) {
    waitToRetry(error.retryAfter ?? 60, controls);
  } else if (error instanceof ApiError && error.status === 401) {
    status.replaceChildren(h('p', { class: 'form-error' }, 'Wrong user name or password.'));
    password.focus();
  } else {
    status.replaceChildren(h('p', { class: 'form-error' }, `Could not sign in: ${describeApiError(error)}`));
  }
}

/** The sign-in form; a successful sign-in goes to `next`. */
function loginForm(next: string): { form: HTMLFormElement; username: HTMLInputElement } {
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
  const controls: LoginControls = { status, username, password, submit, wait: {} };
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
          (error: unknown) => signInFailed(error, controls),
        );
      },
    },
    h('div', { class: 'form-row' }, h('label', { for: 'login-user' }, 'User name'), username),
    h('div', { class: 'form-row' }, h('label', { for: 'login-password' }, 'Password'), password),
    status,
    h('div', { class: 'form-actions' }, submit),
  );
  return { form, username };
}

export const loginPage: Page = async ({ query }) => {
  const next = safeNextPath(query.get('next'));
  const current = await session();
  const { form, username } = loginForm(next);
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
