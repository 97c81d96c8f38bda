// The first screens' early requests: the router's list for each page's address is exactly what the page then asks
// for (the same builders), getJson takes a request started by prefetchJson instead of asking again (once), ties it to
// the page's signal, and the next prefetchJson aborts the requests no page took; the home page's map atlas is asked
// for early until the map has it. fetch is a fake.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson, prefetchJson } from './api.js';
import { firstRequests, homeRequests, networkRequests, timelineRequests } from './first-requests.js';
import { loadAtlas } from './map/atlas.js';

/** A fake fetch answering `{ path }` and recording each call's path and signal. */
const serve = () => {
  const fetch = vi.fn(async (path: string, init?: RequestInit) => {
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return new Response(JSON.stringify({ path }), { headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
};

afterEach(() => {
  prefetchJson([]);
  vi.unstubAllGlobals();
});

const q = (search: string) => new URLSearchParams(search);

describe('first-screen requests', () => {
  it("lists each page's first API requests from its address, the phrase table on a visit's first page only", () => {
    expect(firstRequests('/', q(''), true)).toEqual([
      '/api/actors?limit=60',
      '/api/compare/map?theme=security',
      expect.stringMatching(/countries-110m.*\.json$/), // the map's atlas, until it has been asked for
      '/api/sources?limit=20',
    ]);
    expect(firstRequests('/', q('q=Kaz&after=c1&theme=trade&sourcesAfter=s2'), false)).toEqual([
      '/api/actors?limit=60&q=Kaz&cursor=c1',
      '/api/compare/map?theme=trade',
      expect.stringMatching(/countries-110m/),
      '/api/sources?limit=20&cursor=s2',
    ]);
    expect(firstRequests('/compare', q('sort=water&after=x'), true)).toEqual([
      '/api/compare?limit=20&theme=water&cursor=x',
    ]);
    expect(firstRequests('/compare', q('sort=nonsense'), true)).toEqual(['/api/compare?limit=20']);
    expect(firstRequests('/timeline', q('actor=china&from=2001&to=bad'), true)).toEqual([
      '/api/events?actor=china&from=2001&limit=40',
      '/api/events/years?actor=china',
      '/api/phrases',
    ]);
    expect(firstRequests('/network', q('focus=AFG&depth=2&limit=1000&type=place,nope'), false)).toEqual([
      '/api/screens/network?type=place&limit=1000',
      '/api/screens/network?type=place&limit=1000&focus=AFG&depth=2',
    ]);
    expect(firstRequests('/network', q('limit=7'), true)).toEqual(['/api/screens/network', '/api/phrases']);
    expect(firstRequests('/actors/china', q(''), true)).toEqual([]);
    // The pages build their requests with the same functions.
    expect(homeRequests(q('')).theme).toBe('security');
    expect(timelineRequests(q('type=event')).years).toBe('/api/events/years?type=event');
    expect(networkRequests(q('sources=0')).whole).toBe('/api/screens/network?sources=false');
  });

  it('asks for the atlas once: not again once the map has it', async () => {
    serve();
    await loadAtlas();
    expect(firstRequests('/', q(''), false)).toEqual([
      '/api/actors?limit=60',
      '/api/compare/map?theme=security',
      '/api/sources?limit=20',
    ]);
  });

  it('getJson takes a prefetched request once instead of asking again', async () => {
    const fetch = serve();
    prefetchJson(['/api/a', '/api/b']);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(await getJson('/api/a')).toEqual({ path: '/api/a' });
    expect(fetch).toHaveBeenCalledTimes(2);
    // Taken: the next request of the same path asks anew.
    expect(await getJson('/api/a')).toEqual({ path: '/api/a' });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(await getJson('/api/c')).toEqual({ path: '/api/c' });
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('aborts the requests no page took at the next prefetch, and a taken one with its page', async () => {
    const fetch = serve();
    prefetchJson(['/api/a', '/api/b']);
    const signals = fetch.mock.calls.map(([, init]) => init!.signal!);
    const page = new AbortController();
    const taken = getJson('/api/a', page.signal);
    prefetchJson(['/api/c']);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
    await taken;
    page.abort();
    expect(signals[0]!.aborted).toBe(true);
  });
});
