/**
 * Judging a scenario's expectations. Each returns an ExpectationResult with what was expected,
 * what was seen, and the exchanges it rests on; none throws.
 */
import { valueAtPath } from '../checks/scim-path';
import { type ExpectationResult } from '../contract/verdict';
import { type LogEntry } from '../contract/log-entry';
import { type Exchange } from '../contract/exchange';
import { type EntryExpectation, type JobExpectation, type ResponseExpectation } from './scenario-types';

export function passed(title: string, expected: string, actual: string, evidence: readonly string[] = [], spec?: string): ExpectationResult {
  return { title, status: 'passed', expected, actual, evidence, spec };
}

export function failed(title: string, expected: string, actual: string, evidence: readonly string[] = [], spec?: string, fix?: string): ExpectationResult {
  return { title, status: 'failed', expected, actual, evidence, spec, fix };
}

export function skipped(title: string, reason: string): ExpectationResult {
  return { title, status: 'skipped', expected: '', actual: '', skipReason: reason, evidence: [] };
}

/** Not judged because `blockedBy` (a failed expectation or step) failed before it (docs/diagnosis.md#outcomes). */
export function blocked(title: string, reason: string, blockedBy: string): ExpectationResult {
  return { title, status: 'blocked', expected: '', actual: '', skipReason: reason, blockedBy, evidence: [] };
}

/** Not judged, or judged on a premise that did not hold: the scenario is inconclusive (docs/diagnosis.md#outcomes). */
export function inconclusive(title: string, reason: string, judged?: Pick<ExpectationResult, 'expected' | 'actual' | 'evidence' | 'spec'>): ExpectationResult {
  return { title, status: 'inconclusive', expected: judged?.expected ?? '', actual: judged?.actual ?? '', skipReason: reason, evidence: judged?.evidence ?? [], ...(judged?.spec !== undefined ? { spec: judged.spec } : {}) };
}

/** Compares what the log says about an object with what the scenario expects it to say. */
export function judgeEntry(expectation: EntryExpectation, entries: readonly LogEntry[], spec: string): ExpectationResult {
  const wanted = describeEntryExpectation(expectation);
  const title = expectation.title ?? `Entry for ${expectation.ref}: ${wanted}`;
  const candidates = expectation.operation ? entries.filter((e) => e.harness.operation === expectation.operation) : entries;
  if (candidates.length === 0) {
    return failed(title, wanted, `no log entry for ${expectation.ref} in the last cycle${entries.length ? ` (entries: ${entries.map(describeEntry).join('; ')})` : ''}`, [], spec);
  }
  const match = candidates.find((entry) => entryMatches(expectation, entry));
  const evidence = (match ?? candidates[0]).harness.exchanges.map((x) => x.id);
  if (match) return passed(title, wanted, describeEntry(match), evidence, spec);
  const best = candidates[candidates.length - 1];
  const error = best.provisioningStatusInfo.errorInformation;
  return failed(title, wanted, `${describeEntry(best)}${error ? ` — ${error.reason.split('\r\n')[0]}` : ''}`, evidence, spec, error?.recommendedAction);
}

function entryMatches(expectation: EntryExpectation, entry: LogEntry): boolean {
  if (expectation.action && entry.provisioningAction.toLowerCase() !== expectation.action.toLowerCase()) return false;
  if (expectation.status && entry.provisioningStatusInfo.status.toLowerCase() !== expectation.status.toLowerCase()) return false;
  if (expectation.errorCode && entry.provisioningStatusInfo.errorInformation?.errorCode !== expectation.errorCode) return false;
  for (const [name, value] of Object.entries(expectation.modifiedProperties ?? {})) {
    const property = entry.modifiedProperties.find((p) => p.displayName === name);
    if (!property || property.newValue !== value) return false;
  }
  return true;
}

function describeEntryExpectation(expectation: EntryExpectation): string {
  const parts = [
    expectation.action && `action ${expectation.action}`,
    expectation.status && `status ${expectation.status}`,
    expectation.errorCode && `errorCode ${expectation.errorCode}`,
    ...Object.entries(expectation.modifiedProperties ?? {}).map(([k, v]) => `${k} → ${v === null ? 'null' : JSON.stringify(v)}`),
  ].filter(Boolean);
  return parts.join(', ') || 'any entry';
}

function describeEntry(entry: LogEntry): string {
  const error = entry.provisioningStatusInfo.errorInformation?.errorCode;
  const props = entry.modifiedProperties.map((p) => `${p.displayName} → ${p.newValue === null ? 'null' : JSON.stringify(p.newValue)}`);
  return `action ${entry.provisioningAction}, status ${entry.provisioningStatusInfo.status}${error ? `, errorCode ${error}` : ''}${props.length ? `, ${props.join(', ')}` : ''}`;
}

/**
 * Reads attributes from a resource and compares them, booleans also accepted as "True"/"False".
 * `differing` lists the paths whose value differs, with the value expected there.
 */
export function compareAttributes(
  resource: unknown,
  attributes: Readonly<Record<string, unknown>>,
): { ok: boolean; expected: string; actual: string; differing: { path: string; expected: unknown }[] } {
  const expected: string[] = [];
  const actual: string[] = [];
  const differing: { path: string; expected: unknown }[] = [];
  for (const [path, want] of Object.entries(attributes)) {
    const got = valueAtPath(resource, path);
    expected.push(`${path} = ${JSON.stringify(want)}`);
    actual.push(`${path} = ${got === undefined ? '(absent)' : JSON.stringify(got)}`);
    if (!sameValue(got, want)) differing.push({ path, expected: want });
  }
  return { ok: differing.length === 0, expected: expected.join(', '), actual: actual.join(', '), differing };
}

function sameValue(got: unknown, want: unknown): boolean {
  if (want === null) return got === null || got === undefined || got === '' || (Array.isArray(got) && got.length === 0);
  if (typeof want === 'boolean') return got === want || (typeof got === 'string' && got.toLowerCase() === String(want));
  if (typeof want === 'string' && typeof got === 'string') return got === want;
  return JSON.stringify(got) === JSON.stringify(want);
}

export function judgeResponse(expectation: ResponseExpectation, exchange: Exchange | undefined, spec: string): ExpectationResult {
  const title = expectation.title ?? `Response to ${expectation.ref}`;
  if (!exchange) return failed(title, 'a response', `no request named ${expectation.ref} was sent`, [], spec);
  const problems: string[] = [];
  const wants: string[] = [];
  const response = exchange.response;
  const status = response?.status;
  if (expectation.status !== undefined) {
    const allowed = Array.isArray(expectation.status) ? expectation.status : [expectation.status];
    wants.push(`status ${allowed.join(' or ')}`);
    if (status === undefined || !allowed.includes(status)) problems.push(`status ${status ?? exchange.error?.kind ?? 'none'}`);
  }
  const body = response?.body as Record<string, unknown> | undefined;
  if (expectation.scimType !== undefined) {
    wants.push(`scimType ${expectation.scimType}`);
    if (body?.scimType !== expectation.scimType) problems.push(`scimType ${JSON.stringify(body?.scimType)}`);
  }
  if (expectation.totalResults !== undefined) {
    wants.push(`totalResults ${expectation.totalResults}`);
    if (body?.totalResults !== expectation.totalResults) problems.push(`totalResults ${JSON.stringify(body?.totalResults)}`);
  }
  if (expectation.body) {
    const compared = compareAttributes(body, expectation.body);
    wants.push(compared.expected);
    if (!compared.ok) problems.push(compared.actual);
  }
  if (expectation.contentType !== undefined) {
    wants.push(`Content-Type ${expectation.contentType}`);
    const type = response?.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith(expectation.contentType.toLowerCase())) problems.push(`Content-Type ${JSON.stringify(type)}`);
  }
  for (const [name, value] of Object.entries(expectation.header ?? {})) {
    const got = response?.headers[name.toLowerCase()];
    wants.push(value === true ? `header ${name}` : `header ${name}: ${value}`);
    if (got === undefined || (value !== true && got !== value)) problems.push(`header ${name} ${got === undefined ? 'absent' : JSON.stringify(got)}`);
  }
  const expected = wants.join(', ') || 'a response';
  const actual = problems.length ? problems.join(', ') : `status ${status}`;
  return problems.length ? failed(title, expected, actual, [exchange.id], spec) : passed(title, expected, actual, [exchange.id], spec);
}

export function judgeJob(expectation: JobExpectation, state: { quarantined: boolean; reason: string | null }, spec: string): ExpectationResult {
  const title = expectation.title ?? 'Job status';
  const wants: string[] = [];
  const problems: string[] = [];
  if (expectation.quarantined !== undefined) {
    wants.push(expectation.quarantined ? 'quarantined' : 'not quarantined');
    if (state.quarantined !== expectation.quarantined) problems.push(state.quarantined ? `quarantined (${state.reason})` : 'not quarantined');
  }
  if (expectation.quarantineReason !== undefined) {
    wants.push(`reason ${expectation.quarantineReason}`);
    if (state.reason !== expectation.quarantineReason) problems.push(`reason ${state.reason ?? 'none'}`);
  }
  const expected = wants.join(', ');
  return problems.length ? failed(title, expected, problems.join(', '), [], spec) : passed(title, expected, state.quarantined ? `quarantined (${state.reason})` : 'not quarantined', [], spec);
}
