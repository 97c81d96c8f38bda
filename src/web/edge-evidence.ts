// An edge's evidence on the network page, fetched when asked for: a disclosure ("Evidence") that reads the first
// page of GET /api/graph/evidence?edge= when opened and a "More evidence" button that follows its `next` cursor
// (the graph itself carries an edge's first sentence only, so that it stays small).
import { getJson, withQuery } from './api.js';
import { h } from './dom.js';
import type { GraphEdgeEvidencePage } from '../model/index.js';

/** Sentences per page asked for. */
const pageSize = 20;

/** The disclosure of one edge's evidence; `withSources` false leaves the sources' sentences out. */
export function edgeEvidence(edge: string, withSources: boolean): HTMLElement {
  const list = h('ul', { class: 'plain-list small edge-evidence' });
  const status = h('p', { class: 'muted small', role: 'status' });
  const more = h('button', { type: 'button', class: 'small', hidden: true }, 'More evidence');
  let next: string | null = null;
  let started = false;
  const load = async () => {
    more.hidden = true;
    status.textContent = 'Loading the evidence…';
    try {
      const page = await getJson<GraphEdgeEvidencePage>(
        withQuery('/api/graph/evidence', {
          edge,
          limit: pageSize,
          cursor: next,
          sources: withSources ? null : 'false',
        }),
      );
      for (const e of page.evidence)
        list.append(
          h('li', null, h('a', { href: `/actors/${encodeURIComponent(e.actor)}#s-${e.start}` }, e.text || e.actor)),
        );
      next = page.next;
      more.hidden = next === null;
      status.textContent = list.childElementCount === 0 ? 'No evidence.' : '';
    } catch {
      status.textContent = 'The evidence could not be loaded.';
      more.hidden = false;
    }
  };
  more.addEventListener('click', () => void load());
  const details = h('details', { class: 'edge-evidence-box' }, h('summary', null, 'Evidence'), list, status, more);
  details.addEventListener('toggle', () => {
    if (details.open && !started) {
      started = true;
      void load();
    }
  });
  return details;
}
