// The XSS battery's payloads: every one, if it ever ran, would call window.__xss(n) with its own
// number, so the test knows which one got through. Families: script tags, event handlers on
// img/svg/body/details/video, javascript: and data: URLs, iframe srcdoc, style/expression,
// attribute breakouts, template injection, entity-encoded, mixed-case and unicode variants,
// Markdown links and raw HTML in Markdown.
export interface Payload {
  n: number;
  text: string;
}

const call = (n: number) => `__xss(${n})`;

const families: ((c: string) => string)[] = [
  (c) => `<script>${c}</script>`,
  (c) => `<ScRiPt>${c}</sCrIpT>`,
  (c) => `<script src="data:text/javascript,${c}"></script>`,
  (c) => `<img src=x onerror=${c}>`,
  (c) => `<IMG SRC=x OnErRoR="${c}">`,
  (c) => `<img src="x" onerror="&#x5f;&#x5f;xss(${c.slice(6, -1)})">`,
  (c) => `<svg onload=${c}>`,
  (c) => `<svg><script>${c}</script></svg>`,
  (c) => `<svg><animate onbegin=${c} attributeName=x dur=1s>`,
  (c) => `<body onload=${c}>`,
  (c) => `<details open ontoggle=${c}>`,
  (c) => `<video><source onerror=${c}></video>`,
  (c) => `<a href="javascript:${c}">click</a>`,
  (c) => `<a href="JaVaScRiPt:${c}">click</a>`,
  (c) => `<a href="&#106;avascript:${c}">click</a>`,
  (c) => `<a href="java\tscript:${c}">click</a>`,
  (c) => `<iframe srcdoc="<script>parent.${c}</script>"></iframe>`,
  (c) => `<iframe src="javascript:parent.${c}"></iframe>`,
  (c) => `<object data="javascript:${c}"></object>`,
  (c) => `<embed src="javascript:${c}">`,
  (c) => `<div style="background:url(javascript:${c})">x</div>`,
  (c) => `<div style="width: expression(${c})">x</div>`,
  (c) => `<style>@import 'javascript:${c}';</style>`,
  (c) => `"><img src=x onerror=${c}>`,
  (c) => `'><svg onload=${c}>`,
  (c) => `" onmouseover="${c}" x="`,
  (c) => `' autofocus onfocus='${c}' x='`,
  (c) => `</textarea><script>${c}</script>`,
  (c) => `</title><script>${c}</script>`,
  (c) => `{{constructor.constructor('${c}')()}}`,
  (c) => `\${${c}}`,
  (c) => `<%= ${c} %>`,
  (c) => `&lt;script&gt;${c}&lt;/script&gt;`,
  (c) => `&#60;img src=x onerror=${c}&#62;`,
  (c) => `[click](javascript:${c})`,
  (c) => `[click](JAVASCRIPT:${c})`,
  (c) => `![x](javascript:${c})`,
  (c) => `<javascript:${c}>`,
  (c) => `[x]: javascript:${c}`,
  (c) => `<form action="javascript:${c}"><button>go</button></form>`,
  (c) => `<math><mtext><img src=x onerror=${c}></mtext></math>`,
  (c) => `<meta http-equiv="refresh" content="0;url=javascript:${c}">`,
  (c) => `<base href="javascript:${c}//">`,
  (c) => `<input autofocus onfocus=${c}>`,
  (c) => `<marquee onstart=${c}>x</marquee>`,
  (c) => `\u003cimg src=x onerror=${c}\u003e`,
  (c) => `＜script＞${c}＜/script＞`,
  (c) => `<img src=x onerror=${c}\u200b>`,
  (c) => `<scr<script>ipt>${c}</scr</script>ipt>`,
  (c) => `<!--<img src="--><img src=x onerror=${c}//">`,
  (c) => `<noscript><p title="</noscript><img src=x onerror=${c}>">`,
  (c) => `<svg><a xlink:href="javascript:${c}"><text x="20" y="20">x</text></a></svg>`,
];

/** At least `count` payloads, numbered from 1, cycling through the families. */
export function makePayloads(count = 260): Payload[] {
  const payloads: Payload[] = [];
  for (let n = 1; payloads.length < count; n++)
    payloads.push({ n, text: families[(n - 1) % families.length]!(call(n)) });
  return payloads;
}
