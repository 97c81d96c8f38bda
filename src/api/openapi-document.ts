// What the OpenAPI document adds to the routes' own schemas: tags with descriptions, an operationId
// per operation derived from its method and URL, the refusals of its access policy (401/403), and
// component schemas pruned to those the paths refer to.
import { ErrorEnvelopeSchema, type AccessLevel } from '../model/index.js';
import { isStateChanging } from './access-policy.js';

/** The OpenAPI tags of the routes, in the order the document lists them. */
export const openApiTags = [
  { name: 'actors', description: 'Actor profiles, their sources, versions and changes' },
  { name: 'entities', description: 'Named entities (people, organisations, places) and their mentions' },
  { name: 'search', description: 'Full-text and faceted search over profiles and sources' },
  { name: 'views', description: 'Collection views: comparison, graph, timeline, reference checks' },
  { name: 'export', description: 'The knowledge base in interchange formats' },
  { name: 'documents', description: 'Adding profiles and sources (upload, paste, URL)' },
  { name: 'review', description: 'Reviewing extracted facts, and the audit log' },
  { name: 'auth', description: 'Sessions, users and API tokens' },
  { name: 'system', description: 'Health, metrics and reference tables' },
];

/** `GET /api/actors/:id/diff` → `getApiActorsByIdDiff`: stable, camelCase, unique per method and URL. */
export const operationIdOf = (method: string, url: string): string => {
  const words = url
    .split('/')
    .filter((segment) => segment.length > 0)
    .flatMap((segment) =>
      segment.startsWith(':') ? ['by', ...segment.slice(1).split(/[^A-Za-z0-9]+/)] : segment.split(/[^A-Za-z0-9]+/),
    )
    .filter((word) => word.length > 0);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
};

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelopeSchema } },
});

/**
 * The declared responses plus what the access hook can answer before the handler runs: 401 for an
 * invalid API token (any route) or an anonymous caller, 403 for a role below the policy or a
 * session request without its CSRF token. A status the route declares itself is kept.
 */
export function withAccessRefusals(response: unknown, access: AccessLevel, method: string): Record<string, unknown> {
  const declared = (response ?? {}) as Record<string, unknown>;
  const refusals: Record<string, unknown> = {
    401: refusal(access === 'public' ? 'The API token is not valid' : 'Not signed in, or the API token is not valid'),
  };
  if (access === 'editor' || access === 'admin' || isStateChanging(method)) {
    refusals[403] = refusal('The role is below the policy, or a session request lacks its X-CSRF-Token');
  }
  return { ...refusals, ...declared };
}

/** The document without the component schemas that nothing in it refers to (the registry holds every model schema). */
export function withoutUnusedSchemas<Document extends { paths?: unknown; components?: { schemas?: unknown } }>(
  document: Document,
): Document {
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const match = key === '$ref' && typeof value === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(value) : null;
      if (match && !used.has(match[1]!)) {
        used.add(match[1]!);
        visit(schemas[match[1]!]);
      }
      visit(value);
    }
  };
  visit(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  };
}
