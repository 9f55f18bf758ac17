/**
 * Test Connection before anything else, as Entra runs it before a provisioning job starts
 * (docs/entra-behaviour.md#test-connection): a target that cannot be reached, or that rejects the credentials, is one
 * clear line and an early stop, not hundreds of failed entries cascading from the same cause.
 * Every other probe failure (a malformed body, a 404 on the filter) lets the run go on: those are
 * conformance findings the run exists to report, and each cycle's own probe reports them.
 */
import { immediateTrigger } from '../engine/job-context';
import { testConnection } from '../engine/test-connection';
import { type ImmediateTrigger } from '../engine/quarantine/quarantine-state';
import { SCIM_CREDENTIAL_VALIDATION_FAILURE } from '../engine/entra-errors';
import { type RunStop } from '../contract/verdict';
import { type MappingSet } from '../mapping/mapping-types';
import { clientProfile } from '../profiles/registry';
import { type Exchange } from '../contract/exchange';
import { type Session } from './run-session';

export interface PreflightFailure {
  readonly stop: RunStop;
  /** What Entra would quarantine the job for at once, when it would (docs/entra-behaviour.md#quarantine-triggers). */
  readonly trigger?: ImmediateTrigger;
}

/**
 * Runs Test Connection through the session's client and recorder: the reason to stop, or
 * undefined to go on. A stop is said once, on stderr and as an error notice.
 */
export async function preflight(session: Session, mapping: MappingSet): Promise<PreflightFailure | undefined> {
  const profile = clientProfile(session.config.dialect);
  const probe = await testConnection(session.client.forPurpose('test-connection'), mapping, profile);
  const failing = probe.ok ? undefined : probe.exchanges.at(-1);
  const stop = failing === undefined ? undefined : stopFor(failing, session.config.target.timeoutMs);
  if (stop === undefined) return undefined;
  const code = probe.failure ? ` (${probe.failure.errorCode})` : '';
  session.recorder.notice('error', `Test connection failed before the run${code}: ${stop.cause}. Nothing else was sent.`);
  session.io.stderr.write(`scim-harness: ${stop.cause} — Test Connection failed, nothing else was sent\n`);
  const trigger =
    immediateTrigger(profile, probe.failure?.quarantineTrigger) ??
    // A 403 is no immediate trigger per request, but a job whose every request is forbidden cannot run: the credentials lack rights.
    (stop.kind === 'credentials'
      ? { kind: 'credentials' as const, jobErrorCode: SCIM_CREDENTIAL_VALIDATION_FAILURE, message: `${stop.cause}. Update the Secret Token (or OAuth settings), run Test Connection and restart provisioning.` }
      : undefined);
  return trigger ? { stop, trigger } : { stop };
}

/** The real cause in one line, or undefined when the failure is one the run should go on to report. */
export function stopFor(exchange: Exchange, timeoutMs: number): RunStop | undefined {
  const url = new URL(exchange.request.url);
  const where = url.host;
  const request = `${exchange.request.method} ${url.pathname}`;
  const evidence = [exchange.id];
  const status = exchange.response?.status;
  if (status === 401 || status === 403) {
    return { kind: 'credentials', cause: `credentials rejected: Test Connection's ${request} was answered HTTP ${status}`, evidence };
  }
  const error = exchange.error;
  if (error === undefined) return undefined;
  const unreachable = (cause: string): RunStop => ({ kind: 'unreachable', cause, evidence });
  switch (error.kind) {
    case 'timeout':
      return unreachable(`no answer from ${where} within ${timeoutMs} ms to Test Connection's ${request} (timeout)`);
    case 'tls':
      return unreachable(`TLS with ${where} failed: ${error.message}`);
    case 'protocol':
      return unreachable(`${where} did not answer Test Connection's ${request} with HTTP: ${error.message}`);
    case 'redirect':
      // Entra follows no redirect (docs/entra-behaviour.md#transport): the Tenant URL must be the endpoint itself.
      return unreachable(`${where} redirected Test Connection's ${request} (HTTP ${status ?? '3xx'}${exchange.response?.headers.location ? ` to ${exchange.response.headers.location}` : ''}), which Entra does not follow`);
    case 'tooLarge':
      return undefined;
    case 'connection':
      return connectionStop(error.message, where, evidence);
  }
}

function connectionStop(message: string, where: string, evidence: readonly string[]): RunStop {
  // No token, so the SCIM request was never sent: an identity provider that refused the client is a credentials problem.
  if (/^OAuth token request/.test(message)) {
    const rejected = /\b(400|401|403)\b|invalid_client|unauthori[sz]ed/i.test(message);
    return { kind: rejected ? 'credentials' : 'unreachable', cause: rejected ? `credentials rejected: ${message}` : message, evidence };
  }
  if (/ECONNREFUSED|connection refused/i.test(message)) return { kind: 'unreachable', cause: `connection refused at ${where} (ECONNREFUSED)`, evidence };
  if (/DNS lookup failed|ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(message)) {
    return { kind: 'unreachable', cause: `DNS lookup of ${where.replace(/:\d+$/, '')} failed (${/E[A-Z_]+/.exec(message)?.[0] ?? 'no address'})`, evidence };
  }
  return { kind: 'unreachable', cause: `connection to ${where} failed: ${message}`, evidence };
}
