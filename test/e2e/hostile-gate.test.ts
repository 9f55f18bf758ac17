/**
 * The gate end to end: every report of one run states the same counts (each finding once, however
 * many dialect runs saw it); JUnit keeps the two dialect runs apart with real durations; a
 * baseline judges only what ran and names unknown entries; --update-baseline records the current
 * failures; sync and provision fail on failed entries unless --max-failures tolerates them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFaultSwitches, startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { type Verdict } from '../../harness/contract/verdict';
import { runCli, type CliResult } from './support/run-cli';
import { escapeProperty } from '../../reporters/github-reporter';

interface JsonReport {
  readonly verdict: Verdict;
  readonly counts: { readonly findings: { readonly total: number; readonly required: number; readonly recommended: number; readonly advisory: number }; readonly rootCauses?: { readonly total: number } };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-gate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withServer<T>(faults: string, body: (server: RunningScimServer) => Promise<T>): Promise<T> {
  const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches(faults, {}) });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

function outDir(name: string): string {
  return path.join(dir, name);
}

function readReport(out: string): JsonReport {
  return JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as JsonReport;
}

/** Every `<testcase …>` opening tag's attributes. */
function testcases(xml: string): { classname: string; name: string; time: number }[] {
  const decode = (text: string): string => text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)" time="([^"]*)"/g)].map((match) => ({
    classname: decode(match[1]),
    name: decode(match[2]),
    time: Number(match[3]),
  }));
}

describe('one run, one count in every report', () => {
  let result: CliResult;
  let report: JsonReport;
  const out = (): string => outDir('counts');

  beforeAll(async () => {
    result = await withServer('wrong-content-type,ignore-active', (server) =>
      runCli([
        'run',
        '--target',
        server.baseUrl,
        '--token',
        't',
        '--scenario',
        'users/create',
        '--scenario',
        'users/disable',
        '--reporter',
        'console,json,junit,markdown,html,github',
        '--out',
        out(),
      ]),
    );
    report = readReport(out());
  }, 60_000);

  it('folds the same cause seen in both dialects into one finding with an occurrence per dialect', () => {
    const contentType = report.verdict.findings.filter((finding) => finding.check === 'protocol/content-type' && finding.scenarioId === 'users/create');
    expect(contentType).toHaveLength(1);
    expect(contentType[0].occurrences?.map((occurrence) => occurrence.dialect)).toEqual(['entra', 'entra-compliant']);
    const keys = report.verdict.findings.map((finding) => `${finding.check}|${finding.scenarioId ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('states the verdict\'s number of findings in report.json, the console, summary.md, report.html, junit.xml and the github annotations', () => {
    const total = report.verdict.findings.length;
    expect(total).toBeGreaterThan(0);
    expect(report.counts.findings.total).toBe(total);
    expect(report.counts.findings.required + report.counts.findings.recommended + report.counts.findings.advisory).toBe(total);
    // Findings are occurrences of root causes: the summaries point to them with the verdict's number.
    expect(result.stdout).toContain(`Each occurrence (${total} finding${total === 1 ? '' : 's'},`);
    expect(readFileSync(path.join(out(), 'summary.md'), 'utf8')).toContain(`_Each occurrence (${total} finding${total === 1 ? '' : 's'},`);
    expect(readFileSync(path.join(out(), 'report.html'), 'utf8')).toContain(`<h2>Findings (${total})</h2>`);
    const checks = new Set(report.verdict.findings.map((finding) => finding.check));
    const cases = testcases(readFileSync(path.join(out(), 'junit.xml'), 'utf8'));
    expect(cases.filter((testcase) => checks.has(testcase.name.split(': ')[0]))).toHaveLength(total);
    // The github annotations are one per root cause, never one per finding.
    const annotations = result.stdout.split('\n').filter((line) => /^::(error|warning) title=/.test(line));
    const causeTitles = new Set((report.verdict.rootCauses ?? []).map((cause) => escapeProperty(cause.title)));
    expect(annotations.filter((line) => causeTitles.has(/^::\w+ title=([^:]*)::/.exec(line)?.[1] ?? ''))).toHaveLength(report.counts.rootCauses?.total ?? -1);
    expect(annotations.filter((line) => [...checks].some((check) => line.includes(`title=${check}%3A`)))).toEqual([]);
  });

  it('gives JUnit test cases a classname per dialect and the time their steps took', () => {
    const cases = testcases(readFileSync(path.join(out(), 'junit.xml'), 'utf8'));
    const classnames = new Set(cases.map((testcase) => testcase.classname));
    for (const name of ['entra.users/create', 'entra-compliant.users/create', 'entra.users/disable', 'entra-compliant.users/disable']) expect(classnames).toContain(name);
    for (const classname of ['entra.users/create', 'entra-compliant.users/create']) {
      const own = cases.filter((testcase) => testcase.classname === classname && !testcase.name.includes(': '));
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((testcase) => testcase.time > 0)).toBe(true);
    }
  });
});

describe('baselines judge only what ran', () => {
  it('leaves entries of scenarios that did not run without effect and reports an unknown id with the nearest ones', async () => {
    const file = path.join(dir, 'filtered-baseline.json');
    writeFileSync(file, JSON.stringify({ knownFailures: ['users/disable', 'users/disabel', 'groups/create-empty::protocol/content-type'] }));
    const result = await withServer('', (server) =>
      runCli(['run', '--target', server.baseUrl, '--token', 't', '--scenario', 'users/create', '--baseline', file, '--reporter', 'json', '--out', outDir('filtered')]),
    );
    const { verdict } = readReport(outDir('filtered'));
    expect(verdict.fixedKnownFailures).toEqual([]);
    expect(verdict.notRunKnownFailures).toEqual(['users/disable', 'groups/create-empty::protocol/content-type']);
    expect(verdict.unknownKnownFailures).toEqual([{ id: 'users/disabel', suggestions: expect.arrayContaining(['users/disable']) as unknown }]);
    expect(result.stdout).toContain('Baseline entry users/disabel names no known scenario or check (did you mean users/disable');
    expect(result.code).toBe(0);
  }, 60_000);

  it('--update-baseline creates the file from the current failures, then drops fixed entries, and the gate passes', async () => {
    const file = path.join(dir, 'updated-baseline.json');
    rmSync(file, { force: true });
    await withServer('ignore-active', async (server) => {
      const args = ['run', '--target', server.baseUrl, '--token', 't', '--scenario', 'users/disable', '--scenario', 'users/create', '--reporter', 'json'];
      const created = await runCli([...args, '--baseline', file, '--update-baseline', '--out', outDir('update-1')]);
      expect(existsSync(file)).toBe(true);
      const first = (JSON.parse(readFileSync(file, 'utf8')) as { knownFailures: string[] }).knownFailures;
      expect(first).toContain('users/disable');
      expect(created.stderr).toContain(`created baseline ${file}: `);
      expect(created.code).toBe(0);

      writeFileSync(file, JSON.stringify({ knownFailures: [...first, 'users/create'] }));
      const shrunk = await runCli([...args, '--baseline', file, '--update-baseline', '--out', outDir('update-2')]);
      expect((JSON.parse(readFileSync(file, 'utf8')) as { knownFailures: string[] }).knownFailures).toEqual(first);
      expect(shrunk.stderr).toContain('1 removed as fixed (users/create)');
      expect(shrunk.code).toBe(0);
    });
  }, 60_000);

  it('refuses --update-baseline without a --baseline file to write, naming the fix', async () => {
    const result = await runCli(['run', '--update-baseline', '--out', outDir('update-without-file')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('scim-harness: --update-baseline needs --baseline <file> to write, got none (e.g. --baseline known-failures.json --update-baseline)\n');
  });
});

describe('sync and provision are judged on their entries', () => {
  const sync = (server: RunningScimServer, extra: string[] = []): Promise<CliResult> =>
    runCli(['sync', '--target', server.baseUrl, '--token', 't', '--population', '20', '--cycles', '1', '--reporter', 'json', '--out', outDir(`sync-${extra.join('')}`), ...extra]);

  it('fails on failed entries, naming failed/total and the top error code, unless --max-failures tolerates them', async () => {
    await withServer('fail-creates-rate=0.3', async (server) => {
      const strict = await sync(server);
      const { verdict } = readReport(outDir('sync-'));
      expect(verdict.entries?.failed).toBeGreaterThan(0);
      expect(verdict.headline).toMatch(/^FAILED — \d+ of \d+ entries failed \([\d.]+ %; over --max-failures 0\); top errors: InternalServerError \d+/);
      expect(strict.code).toBe(1);
      const tolerant = await sync(server, ['--max-failures', '60%']);
      expect(tolerant.code).toBe(0);
    });
  }, 60_000);

  it('passes a sync with no failed entry, saying so', async () => {
    await withServer('', async (server) => {
      const clean = await sync(server, ['--max-failures', '0']);
      expect(readReport(outDir('sync---max-failures0')).verdict.headline).toMatch(/^PASSED — \d+ entries, none failed, no required findings$/);
      expect(clean.code).toBe(0);
    });
  }, 60_000);

  it('fails a provision on demand whose one entry failed', async () => {
    await withServer('fail-creates-rate=1', async (server) => {
      const result = await runCli([
        'provision',
        '--target',
        server.baseUrl,
        '--token',
        't',
        '--source',
        path.join(__dirname, '../../examples/source/directory.json'),
        '--user',
        'scimh-ada.lovelace@example.com',
        '--reporter',
        'json',
        '--out',
        outDir('provision'),
      ]);
      const { verdict } = readReport(outDir('provision'));
      expect(verdict.entries).toMatchObject({ total: 1, failed: 1, exceeded: true });
      expect(result.code).toBe(verdict.outcome === 'quarantined' ? 3 : 1);
      expect(result.code).not.toBe(0);
    });
  }, 60_000);

  it('rejects a --max-failures that is neither a count nor a percentage, naming the value and the fix', async () => {
    const result = await runCli(['sync', '--max-failures', 'lots', '--out', outDir('bad-max')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('scim-harness: --max-failures must be a whole number of entries or a percentage from 0% to 100%, got "lots" (e.g. --max-failures 10 or --max-failures 2%)\n');
  });
});
