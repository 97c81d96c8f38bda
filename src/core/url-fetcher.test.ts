// The URL fetcher against a local HTTP server: formats by media type, names, redirects (at most
// 5), size cap, content-type check, timeout, status codes, and the refusal of private, loopback
// and link-local targets (literal, by name and after DNS) unless allowed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierError } from '../model/index.js';
import { checkFetchUrl, fetchDocument, nonPublicReason } from './url-fetcher.js';

let server: http.Server;
let base: string;
const profile =
  '<!doctype html><html><body><main><h1>Kazakhstan</h1><h2>Profile</h2><p>Kazakhstan trades ' +
  'grain.</p></main></body></html>';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const hop = Number(url.searchParams.get('hop') ?? '0');
    switch (url.pathname) {
      case '/brief/kazakhstan-profile':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(profile);
        return;
      case '/notes.md':
        res.writeHead(200, { 'content-type': 'text/markdown' });
        res.end('# Kazakhstan\n\n## Profile\n\nText.\n');
        return;
      case '/redirect':
        res.writeHead(302, { location: hop > 0 ? `/redirect?hop=${hop - 1}` : '/brief/kazakhstan-profile' });
        res.end();
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(10));
        return;
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(50 * 1024 * 1024) });
        res.end();
        return;
      case '/streamed-huge': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 200 && res.write(chunk)) sent++;
          if (sent < 200) res.once('drain', pump);
          else res.end();
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case '/silent':
        return; // never answers
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const refusal = async (promise: Promise<unknown>): Promise<DossierError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DossierError);
  return error as DossierError;
};

describe('fetchDocument', () => {
  it('fetches a page, reads its format from the media type and names it after its path', async () => {
    const page = await fetchDocument(`${base}/brief/kazakhstan-profile`, { allowPrivate: true });
    expect([page.format, page.name, page.contentType, page.bytes.toString()]).toEqual([
      'html',
      'kazakhstan-profile.html',
      'text/html',
      profile,
    ]);
    const notes = await fetchDocument(`${base}/notes.md`, { allowPrivate: true });
    expect([notes.format, notes.name]).toEqual(['markdown', 'notes.md']);
  });

  it('follows up to 5 redirects and refuses a sixth', async () => {
    const followed = await fetchDocument(`${base}/redirect?hop=4`, { allowPrivate: true });
    expect(followed.url).toBe(`${base}/brief/kazakhstan-profile`);
    const tooMany = await refusal(fetchDocument(`${base}/redirect?hop=5`, { allowPrivate: true }));
    expect(tooMany.message).toBe('more than 5 redirects');
  });

  it('refuses other media types, bodies over the cap (declared or streamed), error statuses and silence', async () => {
    expect((await refusal(fetchDocument(`${base}/image`, { allowPrivate: true }))).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await refusal(fetchDocument(`${base}/declared-huge`, { allowPrivate: true }))).code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const streamed = await refusal(
      fetchDocument(`${base}/streamed-huge`, { allowPrivate: true, maxBytes: 1024 * 1024 }),
    );
    expect([streamed.code, streamed.message]).toEqual([
      'PAYLOAD_TOO_LARGE',
      'the document is over 1048576 bytes, the limit',
    ]);
    const missing = await refusal(fetchDocument(`${base}/nothing`, { allowPrivate: true }));
    expect([missing.code, missing.message]).toEqual(['BAD_REQUEST', 'the server answered 404 Not Found']);
    const silent = await refusal(fetchDocument(`${base}/silent`, { allowPrivate: true, timeoutMs: 300 }));
    expect([silent.code, silent.message]).toEqual(['SERVICE_UNAVAILABLE', 'no complete answer within 0.3 s']);
  });

  it('refuses private, loopback and link-local targets unless allowed, with a hint', async () => {
    for (const url of [
      `${base}/notes.md`,
      'http://localhost/x',
      'http://[::1]/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/x',
      'http://0.0.0.0/x',
    ]) {
      const error = await refusal(fetchDocument(url));
      expect(error.code, url).toBe('BAD_REQUEST');
      expect(error.message, url).toMatch(/private and local addresses are not fetched/);
      expect(error.hint, url).toMatch(/--allow-private-urls/);
    }
  });

  it('checks the address a name resolves to when connecting (not only literal addresses)', async () => {
    // This machine's own name resolves to one of its (non-public) addresses.
    const name = os.hostname();
    const resolved = await lookup(name).then(
      (answer) => answer.address,
      () => null,
    );
    if (resolved === null || nonPublicReason(resolved) === null) {
      // No resolvable non-public name here: the guard is still checked on a literal address above.
      expect(nonPublicReason('127.0.0.1')).toBe('is a loopback address');
      return;
    }
    const port = (server.address() as AddressInfo).port;
    const error = await refusal(fetchDocument(`http://${name}:${port}/notes.md`, { timeoutMs: 5000 }));
    expect(error.message).toMatch(
      new RegExp(`resolves to .*which is a \\w+ address: private and local addresses are not fetched`),
    );
  });

  it('refuses what is not an http(s) URL, and URLs with credentials', () => {
    for (const [raw, message] of [
      ['file:///etc/passwd', 'file: URLs are not fetched'],
      ['ftp://example.org/x', 'ftp: URLs are not fetched'],
      ['not a url', 'not a URL: not a url'],
      ['https://user:secret@example.org/x', 'URLs with a user name or password are not fetched'],
    ]) {
      expect(() => checkFetchUrl(raw!), raw).toThrow(message);
    }
    expect(checkFetchUrl('https://example.org/brief').hostname).toBe('example.org');
  });

  it('classifies addresses: public unicast only', () => {
    expect(nonPublicReason('8.8.8.8')).toBeNull();
    expect(nonPublicReason('2001:4860:4860::8888')).toBeNull();
    expect(nonPublicReason('::ffff:127.0.0.1')).toBe('is a loopback address');
    expect(nonPublicReason('100.64.0.1')).toBe('is a carrierGradeNat address');
    expect(nonPublicReason('224.0.0.1')).toBe('is a multicast address');
  });
});
