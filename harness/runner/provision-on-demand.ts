/**
 * `provision`: Entra's "Provision on demand" for one user (or one group with its members): the
 * same pipeline as a cycle, for just that object, shown step by step with the request and
 * response of every export (docs/entra-behaviour.md#on-demand D-OND: test connection on failure → import user →
 * determine if in scope → match user → perform action).
 */
import { type RunConfig } from '../config/run-config';
import { ConfigurationError } from '../errors';
import { type LogEntry } from '../contract/log-entry';
import { formatEntryDetail } from '../log/log-views';
import { type SourceDirectory } from '../source/source-directory';
import { type SourceGroup } from '../source/source-types';
import { type Exchange } from '../contract/exchange';
import { responseText } from '../text/response-text';
import { preflight } from './preflight';
import { terminalText } from '../text/terminal-text';
import { closeSession, newProvisioningJob, openSession, releaseSession, type SessionIo, type SessionResult } from './run-session';
import { loadSyncInputs } from './sync';

/** Entra's on-demand view takes a group "with up to 5 members" (docs/entra-behaviour.md#on-demand). */
const ON_DEMAND_GROUP_MEMBER_LIMIT = 5;

/**
 * The aadOptscim062020 flag "currently doesn't work with on-demand provisioning": an on-demand run
 * sends the default dialect whatever the Tenant URL says (docs/entra-behaviour.md#patch-dialects, docs/entra-behaviour.md#on-demand).
 */
const ON_DEMAND_DIALECTS: Readonly<Record<string, string>> = Object.freeze({ 'entra-compliant': 'entra' });

export async function provisionOnDemand(requested: RunConfig, io: SessionIo, who: { user?: string; group?: string }): Promise<SessionResult> {
  const onDemandDialect = ON_DEMAND_DIALECTS[requested.dialect];
  const config: RunConfig = onDemandDialect === undefined ? requested : { ...requested, dialect: onDemandDialect };
  if (onDemandDialect !== undefined) {
    io.stderr.write(
      `Note: --dialect ${requested.dialect} sends the ${onDemandDialect} dialect here: the aadOptscim062020 flag does not apply to provisioning on demand (docs/entra-behaviour.md#patch-dialects).\n`,
    );
  }
  const { directory, mapping } = loadSyncInputs(config);
  const users: string[] = [];
  const groups: string[] = [];
  if (who.user) {
    // Looked up, not searched: a generated directory of 100,000 users is never materialised.
    const user = directory.getUser(who.user) ?? directory.usersByUserPrincipalName(who.user)[0];
    if (!user) {
      const example = directory.eachUser().next().value?.userPrincipalName;
      throw new ConfigurationError(`--user must name a user of the source directory, got "${who.user}" (e.g. --user ${example ?? 'ada@contoso.com'})`);
    }
    users.push(user.objectId);
  } else if (who.group) {
    const group = directory.getGroup(who.group) ?? groupNamed(directory, who.group);
    if (!group) throw new ConfigurationError(`--group must name a group of the source directory, got "${who.group}" (e.g. --group "${directory.eachGroup().next().value?.displayName ?? 'Sales'}")`);
    if (group.memberIds.length > ON_DEMAND_GROUP_MEMBER_LIMIT) {
      throw new ConfigurationError(`--group must have at most ${ON_DEMAND_GROUP_MEMBER_LIMIT} members for provisioning on demand, got ${group.memberIds.length} in "${group.displayName}" (use sync for larger groups)`);
    }
    groups.push(group.objectId);
    users.push(...group.memberIds);
  } else {
    throw new ConfigurationError('provision needs --user <userPrincipalName> or --group <displayName> (e.g. scim-harness provision --user ada@contoso.com --source ./directory.json)');
  }

  const session = await openSession(config, io, 'provision');
  const failure = await preflight(session, mapping);
  if (failure) return closeSession(session, { jobs: [], preflight: failure });
  const entries: LogEntry[] = [];
  session.recorder.onEntry((entry) => entries.push(entry));
  const job = newProvisioningJob(session, { directory, mapping, concurrency: 1 });
  try {
    const report = await job.runCycle(undefined, { users, groups });
    const out = io.stdout;
    if (!report.probe.ok) {
      out.write(terminalText(`Test connection: FAILED — ${report.probe.message ?? report.probe.failure?.errorCode}\n`));
      for (const exchange of report.probe.exchanges) out.write(formatExchange(exchange));
    }
    for (const entry of entries) {
      out.write(`\n${formatEntryDetail(entry)}\n`);
      out.write('\nRequests and responses\n======================\n');
      for (const exchange of entry.harness.exchanges) out.write(formatExchange(exchange));
    }
  } catch (error) {
    // Whatever stopped the run, what it opened is closed and what it recorded is kept.
    await releaseSession(session);
    throw error;
  }
  return closeSession(session, { jobs: [job] });
}

function formatExchange(exchange: Exchange): string {
  const request = `${exchange.request.method} ${exchange.request.url}${exchange.request.body === undefined ? '' : `\n${JSON.stringify(exchange.request.body, null, 2)}`}`;
  const response = exchange.response
    ? `HTTP ${exchange.response.status}${responseText(exchange.response) ? `\n${responseText(exchange.response).slice(0, 4000)}` : ''}`
    : `no response: ${exchange.error?.kind} — ${exchange.error?.message}`;
  // The response is the target's own text, headed for a terminal: shown, never obeyed.
  return terminalText(`\n> ${request.replace(/\n/g, '\n> ')}\n< ${response.replace(/\r?\n/g, '\n< ')}\n`);
}

/** Groups match on displayName, ignoring case (docs/entra-behaviour.md#groups); the first in directory order wins. */
function groupNamed(directory: SourceDirectory, displayName: string): SourceGroup | undefined {
  const wanted = displayName.toLowerCase();
  for (const group of directory.eachGroup()) if (group.displayName.toLowerCase() === wanted) return group;
  return undefined;
}
