/**
 * The floor the harness is compared against: the harness's own request sequence, replayed with
 * the same concurrency over the same transport the harness uses (node:http, one keep-alive Agent
 * with 64 sockets, the same headers) and nothing else — no log, no checks, no JSON parsing but
 * the id of each create. The replay is read and prepared before the clock starts.
 */
import http from 'node:http';
import { USER_AGENT } from '../harness/target/user-agent';
import { DEFAULT_MAX_SOCKETS } from '../harness/target/http-target-client';
import { type RawJob, TOKEN_ENV, cpuSince, readVmHwmBytes, sendToParent } from './messages';
import { type PlannedUnit, buildRequestPlan, renderTemplate } from './request-plan';

const SCIM_MEDIA_TYPE = 'application/scim+json';

interface Reply {
  readonly status: number;
  readonly body: Buffer;
}

function attempt(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Reply & { readonly staleSocket?: true }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // As the harness's transport does: a pooled socket the server closed is resent once.
      if (req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve({ status: 0, body: Buffer.alloc(0), staleSocket: true });
      else reject(error);
    });
    req.end(body);
  });
}

async function request(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Reply> {
  const first = await attempt(agent, url, method, headers, body);
  return first.staleSocket ? attempt(agent, url, method, headers, body) : first;
}

/** At most `concurrency` units in flight; each unit's requests go one after the other. */
async function runPhase(units: readonly PlannedUnit[], concurrency: number, send: (unit: PlannedUnit) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < units.length) {
      const unit = units[next];
      next += 1;
      await send(unit);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}

async function runRaw(job: RawJob): Promise<void> {
  const prepareStart = performance.now();
  const plan = await buildRequestPlan(job.runFile, job.baseUrl);
  const base = job.baseUrl.replace(/\/+$/, '');
  const token = process.env[TOKEN_ENV];
  const common: Record<string, string> = { Accept: SCIM_MEDIA_TYPE, 'User-Agent': USER_AGENT, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const agent = new http.Agent({ keepAlive: true, maxSockets: DEFAULT_MAX_SOCKETS });
  const ids = new Map<string, string>();
  const unexpected: Record<string, number> = {};
  const prepareMs = performance.now() - prepareStart;

  const sendUnit = async (unit: PlannedUnit): Promise<void> => {
    for (const planned of unit) {
      const body = planned.body ? Buffer.from(renderTemplate(planned.body, ids), 'utf8') : undefined;
      const headers = body ? { ...common, 'Content-Type': SCIM_MEDIA_TYPE, 'Content-Length': String(body.length) } : common;
      const reply = await request(agent, base + renderTemplate(planned.path, ids), planned.method, headers, body);
      if (reply.status < 200 || reply.status > 299) {
        const key = `${planned.method} ${reply.status}`;
        unexpected[key] = (unexpected[key] ?? 0) + 1;
      }
      if (planned.createdId !== undefined) {
        const id = (JSON.parse(reply.body.toString('utf8')) as { id?: unknown }).id;
        if (typeof id === 'string') ids.set(planned.createdId, id);
      }
    }
  };

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const phases: { name: string; units: number; requests: number; wallMs: number }[] = [];
  for (const phase of plan.phases) {
    const phaseStart = performance.now();
    await runPhase(phase.units, phase.name === 'probe' ? 1 : job.concurrency, sendUnit);
    phases.push({ name: phase.name, units: phase.units.length, requests: phase.units.reduce((n, unit) => n + unit.length, 0), wallMs: performance.now() - phaseStart });
  }
  const wallMs = performance.now() - started;
  const cpu = cpuSince(cpuStart);
  agent.destroy();
  await sendToParent({
    type: 'raw-result',
    wallMs,
    requests: plan.requests,
    units: plan.phases.reduce((n, phase) => n + phase.units.length, 0),
    unexpectedStatuses: unexpected,
    prepareMs,
    phases,
    cpu,
    peakRssBytes: readVmHwmBytes(),
    counts: plan.counts,
  });
}

process.once('message', (job: RawJob) => {
  runRaw(job)
    .catch((error: unknown) => sendToParent({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .finally(() => process.disconnect());
});
