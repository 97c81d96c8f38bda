// The server's routes as (method, pattern) pairs, collected as they are added, to tell "no such
// path" (404) from "this path exists, but not for that method" (405 with an Allow header).
import type { RouteOptions } from 'fastify';

interface RoutePattern {
  methods: Set<string>;
  matcher: RegExp;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/actors/:id/diff` → a RegExp matching one non-empty segment per parameter. */
function patternMatcher(url: string): RegExp {
  const parts = url.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return escapeRegExp(segment);
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

export class RouteTable {
  private readonly patterns = new Map<string, RoutePattern>();

  /** An onRoute hook: records the route's methods under its URL pattern. */
  readonly record = (route: RouteOptions): void => {
    const url = route.url;
    if (!url) return;
    let pattern = this.patterns.get(url);
    if (!pattern) {
      pattern = { methods: new Set(), matcher: patternMatcher(url) };
      this.patterns.set(url, pattern);
    }
    for (const method of [route.method].flat()) pattern.methods.add(String(method).toUpperCase());
  };

  /** The methods routed for a concrete path (empty when no route has that path). */
  readonly allowedMethods = (pathname: string): string[] => {
    const methods = new Set<string>();
    for (const pattern of this.patterns.values())
      if (pattern.matcher.test(pathname)) for (const method of pattern.methods) methods.add(method);
    return [...methods].sort();
  };
}
