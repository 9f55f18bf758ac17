/**
 * The report page's small pieces of markup, shared by its sections: badges, key/value lists,
 * deep links (`#scenario=`, `#finding=`, `#entry=`, `#cause=`) and recorded exchanges. Every value
 * is escaped on the way in: it may come from the target under test.
 */
import { createHash } from 'node:crypto';
import { type Finding } from '../../harness/contract/finding';
import { findingIdentity } from '../../harness/evaluate/finding-identity';
import { formatDuration, pluralize } from '../../harness/text/numbers';
import { escapeHtml } from '../format/html';
import { type CollectedRunData, type ExchangeView } from './report-data';

export const h = escapeHtml;

/** What a deep link opens; the page script follows the same four (page/report-page.ts). */
export type LinkKind = 'scenario' | 'finding' | 'entry' | 'cause';

export function badge(text: string, kind: string): string {
  return `<span class="badge badge-${h(kind)}">${h(text)}</span>`;
}

export function kv(pairs: readonly (readonly [string, string | null | undefined])[]): string {
  return `<dl class="kv">${pairs
    .filter((pair) => pair[1] !== undefined && pair[1] !== null && pair[1] !== '')
    .map(([key, value]) => `<dt>${h(key)}</dt><dd>${h(String(value))}</dd>`)
    .join('')}</dl>`;
}

/** A scenario run's stable key (as entries name it): scenario id and dialect. */
export function scenarioKey(scenario: { readonly id: string; readonly dialect: string }): string {
  return `${scenario.id}@${scenario.dialect}`;
}

/** A finding's stable id for deep links: a short digest of its identity (check, scenario, cause). */
export function findingLinkId(finding: Finding): string {
  return createHash('sha256').update(findingIdentity(finding)).digest('hex').slice(0, 12);
}

/** The fragment (without "#") that opens one item; ids are percent-encoded, so any id is one token. */
export function link(kind: LinkKind, id: string): string {
  return `${kind}=${encodeURIComponent(id)}`;
}

export function permalink(kind: LinkKind, id: string, label: string): string {
  return `<a class="permalink" href="#${h(link(kind, id))}" title="Link to this ${kind === 'cause' ? 'root cause' : kind}">${h(label)}</a>`;
}

function renderExchange(view: ExchangeView): string {
  const headers = (record: Readonly<Record<string, string>>): string =>
    Object.entries(record)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
  const status = view.status === null ? 'no response' : String(view.status);
  const attempts = view.previousAttempts > 0 ? ` after ${pluralize(view.previousAttempts, 'throttled attempt')}` : '';
  return [
    '<div class="exchange">',
    `<div><code>${h(view.method)} ${h(view.url)}</code> → <strong>${h(status)}</strong> <span class="muted">(${h(formatDuration(view.durationMs))}${h(attempts)}; exchange ${h(view.id)}; ${h(view.context)})</span></div>`,
    view.error ? `<p class="tone-bad">${h(view.error)}</p>` : '',
    '<h5>Request</h5>',
    `<pre>${h(`${view.method} ${view.url}\n${headers(view.requestHeaders)}${view.requestBody ? `\n\n${view.requestBody}` : ''}`)}</pre>`,
    view.status === null ? '' : `<h5>Response</h5><pre>${h(`${status}\n${headers(view.responseHeaders)}${view.responseBody ? `\n\n${view.responseBody}` : ''}`)}</pre>`,
    '</div>',
  ].join('\n');
}

/** The recorded request and response of each exchange id, as the run recorded them (redacted). */
export function renderEvidence(ids: readonly string[], data: CollectedRunData): string {
  if (ids.length === 0) return '';
  return [
    `<h4>Evidence (${pluralize(ids.length, 'exchange')})</h4>`,
    ...ids.map((id) => {
      const view = data.exchanges.get(id);
      return view ? renderExchange(view) : `<p class="muted">Exchange ${h(id)} is not in run.ndjson (or over the report's evidence cap).</p>`;
    }),
  ].join('\n');
}
