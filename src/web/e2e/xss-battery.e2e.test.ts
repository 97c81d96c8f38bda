// XSS battery: 260 payloads (each would call window.__xss(n) if it ran) pushed through every
// input — an uploaded HTML profile, a Markdown profile, a text profile (titles, headings,
// interest titles, sentences), fact edits, entity names and aliases, new entities, search
// queries and URL parameters — then every page showing them is loaded in Chromium as an editor.
// Nothing may execute: no dialog, no __xss call, no console message from a payload, no script
// element beyond the app's own, no element with an on* attribute, no javascript: URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  availableBackends,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage,
  settled,
  signInThroughPage,
  startInstance,
  type Instance,
} from './e2e-harness.js';
import { makePayloads, type Payload } from './xss-payloads.js';

const payloads = makePayloads(260);
const chunks = (list: Payload[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

function textProfile(name: string, part: Payload[]): string {
  const [a, b, c, d] = chunks(part, Math.ceil(part.length / 4)) as Payload[][];
  const sentences = (list: Payload[] = []) =>
    list.map((p) => `Officials in Kabul discussed trade and ${p.text} on the border.`).join(' ');
  return [
    `${name}`,
    '',
    'Profile',
    `${name} keeps a cautious distance from Afghanistan. ${sentences(a)}`,
    'Key Interests & Priorities',
    `1. Border security ${b?.[0]?.text ?? ''}`,
    `${name} worries about security. ${sentences(b)}`,
    `2. Trade ${c?.[0]?.text ?? ''}`,
    `${name} wants trade routes. ${sentences(c)}`,
    `3. Humanitarian aid ${d?.[0]?.text ?? ''}`,
    `${name} sends wheat. ${sentences(d)}`,
    '',
  ].join('\n');
}

function markdownProfile(name: string, part: Payload[]): string {
  const [a, b, c] = chunks(part, Math.ceil(part.length / 3)) as Payload[][];
  const body = (list: Payload[] = []) =>
    list.map((p) => `Delegates met in Tashkent about ${p.text} and transit.`).join(' ');
  return (
    `---\nactor: ${name}\n---\n# ${name}\n\n## Profile\n\n${name} engages Kabul carefully. ${body(a)}\n\n<div ` +
    `onclick="__xss(9001)">raw html block ${a?.[0]?.text ?? ''}</div>\n\n## Key Interests & Priorities\n\n### 1. ` +
    `Security ${b?.[0]?.text ?? ''}\n\n${body(b)}\n\n### 2. Energy [link](javascript:__xss(9002))\n\n${body(c)}\n`
  );
}

function htmlProfile(name: string, part: Payload[]): string {
  const [a, b, c] = chunks(part, Math.ceil(part.length / 3)) as Payload[][];
  const body = (list: Payload[] = []) =>
    list.map((p) => `<p onmouseover="__xss(9003)">Envoys travelled to Kabul about ${p.text} and water.</p>`).join('\n');
  return (
    `<!doctype html><html><head><title>${name}</title><script>__xss(9004)</script></head><body ` +
    `onload="__xss(9005)"><main><h1>${name}</h1><h2>Profile</h2>${body(a)}<h2>Key Interests &amp; ` +
    `Priorities</h2><h3 onclick="__xss(9006)">1. Water ${b?.[0]?.text ?? ''}</h3>${body(b)}<h3>2. Trade <img src=x ` +
    `onerror="__xss(9007)"></h3>${body(c)}<iframe srcdoc="<script>parent.__xss(9008)</script>"></iframe>` +
    '</main></body></html>'
  );
}

/** What a page shows of the battery: anything that could execute or did. */
async function inspect(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const hits = (window as unknown as { __xssHits?: number[] }).__xssHits ?? [];
    if (hits.length) found.push(`__xss called: ${hits.join(', ')}`);
    for (const script of document.querySelectorAll('script')) {
      const src = script.getAttribute('src') ?? '';
      if (!/^\/assets\/[\w.-]+\.js$/.test(src)) found.push(`script element: ${script.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${el.tagName.toLowerCase()} has ${attr.name}`);
        if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(attr.name)) {
          const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (value.startsWith('javascript:') || attr.name.toLowerCase() === 'srcdoc')
            found.push(`${el.tagName.toLowerCase()} ${attr.name}=${attr.value.slice(0, 80)}`);
        }
      }
    }
    for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]']) {
      for (const el of document.querySelectorAll(`body ${tag}`)) found.push(`element ${el.outerHTML.slice(0, 80)}`);
    }
    return found;
  });
}

if (!hasChromium) {
  (inCi ? describe : describe.skip)(`XSS battery (${chromiumPath} is missing)`, () => {
    it('needs Chromium', () => {
      throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
    });
  });
} else {
  const backendNames = await availableBackends();
  for (const backend of ['sqlite', 'postgres']) {
    const present = backendNames.includes(backend);
    (present ? describe : describe.skip)(
      `XSS battery in Chromium on ${backend}${present ? '' : ' (skipped: PostgreSQL is not reachable)'}`,
      () => {
        let instance: Instance;
        let chrome: Awaited<ReturnType<typeof launchBrowser>>;
        const actors: string[] = [];
        const entities: string[] = [];

        const api = async (method: string, url: string, body?: unknown, contentType = 'application/json') => {
          const response = await instance.app.inject({
            method: method as 'GET',
            url,
            headers: {
              authorization: `Bearer ${instance.people.editor.token}`,
              ...(body === undefined ? {} : { 'content-type': contentType }),
            },
            payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          });
          return { status: response.statusCode, json: response.json() as Record<string, unknown> };
        };

        beforeAll(async () => {
          instance = await startInstance(backend);
          chrome = await launchBrowser();
          // --- profiles: text, Markdown and HTML, each carrying a share of the payloads -------
          const [textPart, mdPart, htmlPart] = chunks(payloads, Math.ceil(payloads.length / 3)) as Payload[][];
          const docs = [
            { name: 'xsstext.txt', format: 'text', content: textProfile('Xsstext', textPart!) },
            { name: 'xssmark.md', format: 'markdown', content: markdownProfile('Xssmark', mdPart!) },
            { name: 'xsshtml.html', format: 'html', content: htmlProfile('Xsshtml', htmlPart!) },
            // Payloads in the actor's title itself (may be refused; if kept, its pages are checked).
            {
              name: 'xsstitle.txt',
              format: 'text',
              content: textProfile(`Xsstitle <img src=x onerror=__xss(9101)>`, payloads.slice(0, 8)),
            },
            {
              name: 'xsstitle.html',
              format: 'html',
              content: htmlProfile(`Xsshtmltitle "><svg onload=__xss(9102)>`, payloads.slice(8, 16)),
            },
          ];
          for (const doc of docs) {
            const { status, json } = await api('POST', '/api/documents/paste', doc);
            if (status < 300) actors.push(String(json.actorId));
            else if (!doc.name.startsWith('xsstitle')) throw new Error(`${doc.name} refused: ${JSON.stringify(json)}`);
          }
          // --- fact edits: interest titles carry payloads -------------------------------------
          let n = 0;
          for (const actor of actors) {
            const { json } = await api('GET', `/api/actors/${encodeURIComponent(actor)}/facts?type=interest`);
            for (const fact of (json.facts as { id: string }[]) ?? []) {
              const payload = payloads[n++ % payloads.length]!;
              const edit = await api('PATCH', `/api/facts/${encodeURIComponent(fact.id)}`, {
                title: `Edited ${payload.text}`,
              });
              expect(edit.status, JSON.stringify(edit.json)).toBe(200);
            }
          }
          // --- entity names and aliases, and a new entity named by a payload ------------------
          for (const [index, id] of ['astana', 'kabul', 'tashkent'].entries()) {
            const name = payloads[(index * 37) % payloads.length]!.text;
            const aliases = payloads.slice(index * 5, index * 5 + 5).map((p) => p.text);
            const patched = await api('PATCH', `/api/entities/${id}`, { name, aliases });
            if (patched.status === 200) entities.push(id);
          }
          expect(entities.length).toBeGreaterThan(0);
          const added = await api('POST', `/api/actors/kazakhstan/facts`, {
            kind: 'entity',
            start: 0,
            end: 10,
            payload: {
              name: `Kazakhstan <svg onload=__xss(9201)>`,
              type: 'organization',
              aliases: ['<img src=x onerror=__xss(9202)>'],
            },
          });
          if (added.status === 201) entities.push(String((added.json.payload as { entity: string }).entity));
        }, 240_000);

        afterAll(async () => {
          await chrome?.dispose();
          await instance?.close();
        });

        it(`executes none of ${payloads.length} payloads on any page`, async () => {
          expect(payloads.length).toBeGreaterThanOrEqual(200);
          const { base } = instance;
          const { page, errors } = await openPage(chrome.browser);
          const executed: string[] = [];
          await page.addInitScript(() => {
            const w = window as unknown as { __xssHits: number[]; __xss: (n: number) => void };
            w.__xssHits = [];
            w.__xss = (n: number) => {
              w.__xssHits.push(n);
              console.log(`XSS-EXECUTED ${n}`);
            };
          });
          page.on('dialog', (dialog) => {
            executed.push(`dialog: ${dialog.message()}`);
            void dialog.dismiss();
          });
          page.on('console', (message) => {
            if (/XSS-EXECUTED|__xss/.test(message.text())) executed.push(`console: ${message.text()}`);
          });
          await signInThroughPage(page, base, instance.people.editor.name);

          const q = (p: Payload) => encodeURIComponent(p.text);
          const targets = [
            '/',
            '/compare',
            '/timeline',
            '/audit',
            '/audit?offset=50',
            '/review?status=any',
            ...actors.flatMap((a) => [
              `/actors/${encodeURIComponent(a)}`,
              `/actors/${encodeURIComponent(a)}/changes`,
              `/review?status=any&actor=${encodeURIComponent(a)}`,
              `/search?q=Kabul&actor=${encodeURIComponent(a)}`,
            ]),
            ...entities.map((e) => `/entities/${encodeURIComponent(e)}`),
            '/actors/kazakhstan',
            // Search queries and URL parameters.
            ...payloads.filter((p) => p.n % 13 === 0).map((p) => `/search?q=${q(p)}`),
            ...payloads
              .filter((p) => p.n % 37 === 0)
              .flatMap((p) => [
                `/search?q=wheat&actor=${q(p)}&theme=${q(p)}&type=${q(p)}&year=${q(p)}`,
                `/review?actor=${q(p)}&type=${q(p)}`,
                `/actors/${q(p)}`,
                `/entities/${q(p)}`,
                `/timeline?actor=${q(p)}`,
                `/compare?sort=${q(p)}`,
                `/actors/kazakhstan/changes?from=${q(p)}&to=${q(p)}`,
                `/audit?user=${q(p)}&targetType=${q(p)}`,
              ]),
          ];
          const problems: string[] = [];
          for (const target of targets) {
            await page.goto(base + target, { waitUntil: 'networkidle' });
            await settled(page).catch(() => problems.push(`${target}: did not render`));
            problems.push(...(await inspect(page)).map((p) => `${target}: ${p}`));
          }
          // Hover and focus every highlighted mention on one payload page: handlers would fire now.
          if (actors[0]) {
            await page.goto(`${base}/actors/${encodeURIComponent(actors[0])}`, { waitUntil: 'networkidle' });
            for (const mention of (await page.locator('article.doc a.m').all()).slice(0, 30)) await mention.hover();
            problems.push(...(await inspect(page)).map((p) => `hover: ${p}`));
          }
          // A javascript: URL as the sign-in page's `next` never runs.
          await page.goto(`${base}/login?next=${encodeURIComponent('javascript:__xss(9301)')}`, {
            waitUntil: 'networkidle',
          });
          await settled(page);
          await page.fill('#login-user', instance.people.editor.name);
          await page.fill('#login-password', 'correct horse battery staple');
          await page.click('form.login-form button[type="submit"]');
          await page.waitForFunction(() => location.pathname === '/');
          await settled(page);
          problems.push(...(await inspect(page)).map((p) => `login next: ${p}`));

          expect(targets.length).toBeGreaterThan(40);
          expect(executed).toEqual([]);
          expect(problems).toEqual([]);
          expect(errors.filter((e) => /XSS|__xss/.test(e))).toEqual([]);
          await page.close();
        }, 300_000);
      },
    );
  }
}
