/**
 * run.ndjson as evidence: a file cut after a good line, with its last line edited, with a
 * correctly linked line appended, or re-chained after an edit (every prev recomputed) keeps a
 * valid chain, so the chain alone cannot show it. These runs check that `logs --verify` and
 * `report` catch each one through the head the run's own reports recorded, through
 * --expect-head, and through an HMAC-SHA256 signature (--sign-key) when the reports were edited
 * or removed too, and that `report` then refuses the evidence in every report it writes.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunRecord } from '../../harness/contract/run-events';
import { runCli, type CliResult } from './support/run-cli';

const KEY_TEXT = 'a3f1c9e07b5d42e8a6c1f0b9d8e7c6a5b4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9';
const OTHER_KEY_TEXT = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';

// Each test runs the CLI up to three times over a copied run: generous on a loaded machine.
jest.setTimeout(90_000);

const roots: string[] = [];
let signedRun: string;
let keyFile: string;
let otherKeyFile: string;

function freshDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `scim-harness-evidence-${label}-`));
  roots.push(dir);
  return dir;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A copy of the signed run's folder to tamper with. */
function copyOfRun(label: string): string {
  const dir = path.join(freshDir(label), 'out');
  cpSync(signedRun, dir, { recursive: true });
  return dir;
}

function linesOf(dir: string): string[] {
  const lines = readFileSync(path.join(dir, 'run.ndjson'), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function writeLines(dir: string, lines: readonly string[]): void {
  writeFileSync(path.join(dir, 'run.ndjson'), `${lines.join('\n')}\n`);
}

/**
 * Recomputes every `prev` from line `from` (1-based) on, and the end record's seal, as someone
 * hiding an edit would: the result is a chain consistent with itself.
 */
function rechain(lines: readonly string[], from = 2): string[] {
  const out = [...lines];
  for (let index = Math.max(1, from - 1); index < out.length; index += 1) {
    const prev = sha256(out[index - 1]);
    out[index] = out[index]
      .replace(/^\{"seq":(\d+),"prev":"[0-9a-f]*"/, (_match, seq: string) => `{"seq":${seq},"prev":"${prev}"`)
      .replace(/"seal":\{"lines":(\d+),"head":"[0-9a-f]*"/, (_match, count: string) => `"seal":{"lines":${count},"head":"${prev}"`);
  }
  return out;
}

function removeReports(dir: string): void {
  for (const name of ['report.json', 'summary.md', 'junit.xml', 'report.html']) rmSync(path.join(dir, name), { force: true });
}

function recordedLog(dir: string): { finalHash: string; lines: number; signature?: { hmac: string } } {
  return (JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { log: { finalHash: string; lines: number; signature?: { hmac: string } } }).log;
}

async function verify(dir: string, ...flags: string[]): Promise<CliResult> {
  return runCli(['logs', dir, '--verify', ...flags]);
}

/** A middle entry line edited (a create turned into a delete): the classic forgery. */
function editMiddleEntry(lines: readonly string[]): { readonly lines: string[]; readonly edited: number } {
  const index = lines.findIndex((line) => line.includes('"provisioningAction":"create"'));
  expect(index).toBeGreaterThan(0);
  const out = [...lines];
  out[index] = out[index].replace('"provisioningAction":"create"', '"provisioningAction":"delete"');
  return { lines: out, edited: index + 1 };
}

beforeAll(async () => {
  const keys = freshDir('keys');
  keyFile = path.join(keys, 'run-signing.key');
  otherKeyFile = path.join(keys, 'other.key');
  writeFileSync(keyFile, `${KEY_TEXT}\n`);
  writeFileSync(otherKeyFile, `${OTHER_KEY_TEXT}\n`);
  signedRun = path.join(freshDir('signed'), 'out');
  const result = await runCli(['sync', '--population', '4', '--cycles', '1', '--reporter', 'json,markdown,junit,html', '--out', signedRun, '--sign-key', keyFile]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}, 120_000);

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('a signed run', () => {
  it('seals its end record with the line count, the head before it and an HMAC, and records them in report.json', () => {
    const lines = linesOf(signedRun);
    const end = JSON.parse(lines.at(-1) ?? '') as RunRecord;
    expect(end.event.type).toBe('run-end');
    if (end.event.type !== 'run-end') return;
    expect(end.event.seal).toEqual({ lines: lines.length, head: sha256(lines.at(-2) ?? ''), algorithm: 'HMAC-SHA256', hmac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const log = recordedLog(signedRun);
    expect(log).toMatchObject({ finalHash: sha256(lines.at(-1) ?? ''), lines: lines.length, signature: { hmac: end.event.seal?.hmac } });
    expect(readFileSync(path.join(signedRun, 'summary.md'), 'utf8')).toContain(`\`${log.finalHash}\` (${lines.length} lines)`);
  });

  it('records the key\'s file in the run\'s settings and never writes the key anywhere', () => {
    const start = JSON.parse(linesOf(signedRun)[0]) as RunRecord;
    expect(start.event.type === 'run-start' && start.event.settings.signKey).toEqual({ file: keyFile });
    for (const name of ['run.ndjson', 'report.json', 'summary.md', 'junit.xml', 'report.html', 'provisioning-logs.json', 'job-status.json']) {
      const text = readFileSync(path.join(signedRun, name), 'utf8');
      expect(text).not.toContain(KEY_TEXT);
      expect(text).not.toContain(Buffer.from(KEY_TEXT).toString('hex'));
    }
  });

  it('verifies intact and anchored, by its report.json and by its signature', async () => {
    const result = await verify(signedRun, '--sign-key', keyFile);
    expect(result.stdout).toContain('Chain intact and anchored');
    expect(result.stdout).toContain('report.json');
    expect(result.stdout).toContain('HMAC-SHA256 signature');
    expect(result.code).toBe(0);
  });

  it('is only self-consistent, and exits 1, when nothing outside the file anchors it', async () => {
    const dir = copyOfRun('unanchored');
    removeReports(dir);
    const result = await verify(dir);
    expect(result.stdout).toContain('UNANCHORED');
    expect(result.stdout).toContain('self-consistent but unanchored');
    expect(result.code).toBe(1);
    const anchored = await verify(dir, '--expect-head', recordedLog(signedRun).finalHash, '--expect-lines', String(recordedLog(signedRun).lines));
    expect(anchored.stdout).toContain('Chain intact and anchored: ');
    expect(anchored.code).toBe(0);
  });
});

describe('truncation: the last lines removed', () => {
  let dir: string;
  let total: number;

  beforeEach(() => {
    dir = copyOfRun('truncated');
    const lines = linesOf(dir);
    total = lines.length;
    writeLines(dir, lines.slice(0, -3));
  });

  it('is caught through the line count and head in the run\'s report.json', async () => {
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain(`truncated (${total - 3} lines, expected ${total} per report.json)`);
    expect(result.code).toBe(1);
  });

  it('is caught through --expect-head and --expect-lines with the reports removed', async () => {
    const { finalHash } = recordedLog(dir);
    removeReports(dir);
    const result = await verify(dir, '--expect-head', finalHash, '--expect-lines', String(total));
    expect(result.stdout).toContain(`truncated (${total - 3} lines, expected ${total} per --expect-head)`);
    expect(result.code).toBe(1);
  });

  it('is reported as incomplete, not as tampering, with nothing to compare against', async () => {
    removeReports(dir);
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain INCOMPLETE');
    expect(result.stdout).toContain('no end record');
    expect(result.code).toBe(1);
  });

  it('is not verifiable with the key once the signed end record is gone', async () => {
    removeReports(dir);
    const result = await verify(dir, '--sign-key', keyFile);
    expect(result.stdout).toContain('Chain NOT VERIFIED');
    expect(result.stdout).toContain('no run-end record to carry a signature');
    expect(result.code).toBe(1);
  });
});

describe('the last line edited', () => {
  let dir: string;

  beforeEach(() => {
    dir = copyOfRun('last-line');
    const lines = linesOf(dir);
    lines[lines.length - 1] = lines[lines.length - 1].replace(/"endedAt":"[^"]*"/, '"endedAt":"2020-01-01T00:00:00.000Z"');
    expect(lines.at(-1)).toContain('2020-01-01T00:00:00.000Z');
    writeLines(dir, lines);
  });

  it('is caught through the head recorded in report.json, and named as the edited line', async () => {
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain(`edited at line ${linesOf(dir).length}: the run-end record differs from the one report.json recorded`);
    expect(result.code).toBe(1);
  });

  it('is caught through --expect-head with the reports removed', async () => {
    const { finalHash } = recordedLog(dir);
    removeReports(dir);
    const result = await verify(dir, '--expect-head', finalHash);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain('recorded by --expect-head');
    expect(result.code).toBe(1);
  });

  it('is caught through the signature with the reports removed', async () => {
    removeReports(dir);
    const result = await verify(dir, '--sign-key', keyFile);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain('HMAC-SHA256 signature of the run-end record');
    expect(result.code).toBe(1);
  });
});

describe('a correctly linked line appended', () => {
  let dir: string;
  let total: number;

  beforeEach(() => {
    dir = copyOfRun('appended');
    const lines = linesOf(dir);
    total = lines.length;
    const notice = { type: 'notice', level: 'info', message: 'all users verified' };
    lines.push(`{"seq":${total + 1},"prev":"${sha256(lines[total - 1])}","event":${JSON.stringify(notice)}}`);
    writeLines(dir, lines);
  });

  it('is caught as an extension beyond the recorded head', async () => {
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain(`extended beyond the recorded head: report.json records ${total} lines`);
    expect(result.code).toBe(1);
  });

  it('is caught by the end record alone, with no reports, hash or key', async () => {
    removeReports(dir);
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain(`extended beyond the end record: 1 line(s) follow the run-end record at line ${total}`);
    expect(result.code).toBe(1);
  });
});

describe('re-chained after an edit (every prev recomputed)', () => {
  let dir: string;
  let recorded: { finalHash: string; lines: number };

  beforeEach(() => {
    dir = copyOfRun('rechained');
    recorded = recordedLog(dir);
    const edited = editMiddleEntry(linesOf(dir));
    writeLines(dir, rechain(edited.lines, edited.edited + 1));
  });

  it('is a self-consistent chain (the old check passes it)', async () => {
    removeReports(dir);
    const result = await verify(dir);
    expect(result.stdout).not.toContain('Chain BROKEN');
    expect(result.stdout).toContain('UNANCHORED');
    expect(result.code).toBe(1);
  });

  it('is caught through the head recorded in report.json', async () => {
    const result = await verify(dir);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain(`re-chained: all ${recorded.lines} links are valid`);
    expect(result.code).toBe(1);
  });

  it('is caught through summary.md when report.json is gone', async () => {
    rmSync(path.join(dir, 'report.json'));
    const result = await verify(dir);
    expect(result.stdout).toContain('re-chained');
    expect(result.stdout).toContain('recorded by summary.md');
    expect(result.code).toBe(1);
  });

  it('is caught through --expect-head with the reports removed', async () => {
    removeReports(dir);
    const result = await verify(dir, '--expect-head', recorded.finalHash.toUpperCase());
    expect(result.stdout).toContain('re-chained');
    expect(result.stdout).toContain('recorded by --expect-head');
    expect(result.code).toBe(1);
  });

  it('is caught through the signature when the reports were removed', async () => {
    removeReports(dir);
    const result = await verify(dir, '--sign-key', keyFile);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain('signature of the run-end record');
    expect(result.code).toBe(1);
  });

  it('is caught through the signature when report.json was edited to the new head', async () => {
    const lines = linesOf(dir);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { log: { finalHash: string } };
    report.log.finalHash = sha256(lines.at(-1) ?? '');
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
    rmSync(path.join(dir, 'summary.md'));
    const unsigned = await verify(dir);
    expect(unsigned.code).toBe(0);
    const result = await verify(dir, '--sign-key', keyFile);
    expect(result.stdout).toContain('Chain BROKEN');
    expect(result.stdout).toContain('signature of the run-end record');
    expect(result.code).toBe(1);
  });

  it('is not verified with another key', async () => {
    const result = await verify(signedRun, '--sign-key', otherKeyFile);
    expect(result.stdout).toContain('does not match');
    expect(result.code).toBe(1);
  });
});

describe('report on tampered evidence', () => {
  const BANNER = 'EVIDENCE TAMPERED';

  function expectBannerEverywhere(dir: string, result: CliResult, reason: string): void {
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('does not verify (tampered)');
    // The console streams the replayed run first; its closing summary opens with the banner.
    const headline = (JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { headline: string }).headline;
    const bannerLine = result.stdout.split('\n').find((line) => line.includes(BANNER)) ?? '';
    expect(bannerLine).toContain(reason);
    expect(result.stdout.indexOf(BANNER)).toBeLessThan(result.stdout.lastIndexOf(headline));
    const markdown = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(markdown.split('\n').slice(0, 2).join('\n')).toContain(BANNER);
    const json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Record<string, unknown> & { evidenceWarning: { state: string; message: string } };
    expect(Object.keys(json)[0]).toBe('evidenceWarning');
    expect(json.evidenceWarning.state).toBe('tampered');
    expect(json.evidenceWarning.message).toContain(reason);
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(/<testsuite [^>]*>/.exec(junit)?.[0]).toContain('name="evidence"');
    expect(junit).toContain(BANNER);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html.indexOf('id="evidence-banner"')).toBeGreaterThan(0);
    expect(html.indexOf('id="evidence-banner"')).toBeLessThan(html.indexOf('id="verdict"'));
  }

  async function report(dir: string, ...flags: string[]): Promise<CliResult> {
    return runCli(['report', dir, '--reporter', 'console,json,markdown,junit,html', ...flags]);
  }

  it('refuses a truncated run and says so at the top of every report', async () => {
    const dir = copyOfRun('report-truncated');
    writeLines(dir, linesOf(dir).slice(0, -2));
    expectBannerEverywhere(dir, await report(dir), 'truncated');
  });

  it('refuses a run whose last line was edited', async () => {
    const dir = copyOfRun('report-last-line');
    const lines = linesOf(dir);
    lines[lines.length - 1] = lines[lines.length - 1].replace('"outcome":"passed"', '"outcome":"passed" ');
    writeLines(dir, lines);
    expectBannerEverywhere(dir, await report(dir), `edited at line ${lines.length}`);
  });

  it('refuses a run with a correctly linked line appended', async () => {
    const dir = copyOfRun('report-appended');
    const lines = linesOf(dir);
    lines.push(`{"seq":${lines.length + 1},"prev":"${sha256(lines[lines.length - 1])}","event":{"type":"notice","level":"info","message":"ok"}}`);
    writeLines(dir, lines);
    expectBannerEverywhere(dir, await report(dir), 'extended beyond');
  });

  it('refuses a run with a middle line edited', async () => {
    const dir = copyOfRun('report-edited');
    const edited = editMiddleEntry(linesOf(dir));
    writeLines(dir, edited.lines);
    expectBannerEverywhere(dir, await report(dir), `edited at line ${edited.edited}`);
  });

  it('refuses a re-chained run through its recorded head, and regenerating the reports does not launder it', async () => {
    const dir = copyOfRun('report-rechained');
    const edited = editMiddleEntry(linesOf(dir));
    writeLines(dir, rechain(edited.lines, edited.edited + 1));
    expectBannerEverywhere(dir, await report(dir), 're-chained');
    // The regenerated report.json keeps the recorded head: the file still does not verify.
    const again = await verify(dir);
    expect(again.stdout).toContain('re-chained');
    expect(again.code).toBe(1);
    expect((await report(dir)).code).toBe(5);
  });

  it('refuses a re-chained run through --expect-head and through --sign-key with the reports removed', async () => {
    const dir = copyOfRun('report-rechained-flags');
    const recorded = recordedLog(dir);
    const edited = editMiddleEntry(linesOf(dir));
    writeLines(dir, rechain(edited.lines, edited.edited + 1));
    removeReports(dir);
    expectBannerEverywhere(dir, await report(dir, '--expect-head', recorded.finalHash), 're-chained');
    removeReports(dir);
    expectBannerEverywhere(dir, await report(dir, '--sign-key', keyFile), 'signature');
  });

  it('regenerates an intact, anchored run as before, without a banner', async () => {
    const dir = copyOfRun('report-intact');
    const result = await report(dir, '--sign-key', keyFile);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('EVIDENCE');
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))).not.toHaveProperty('evidenceWarning');
    expect((await verify(dir, '--sign-key', keyFile)).code).toBe(0);
  });

  it('marks a run that never wrote its end record as incomplete and interrupted, not tampered', async () => {
    const dir = copyOfRun('report-crashed');
    removeReports(dir);
    writeLines(dir, linesOf(dir).slice(0, -1));
    const result = await report(dir);
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('EVIDENCE INCOMPLETE: run.ndjson has no end record');
    expect(result.stdout).not.toContain(BANNER);
  });
});

describe('--sign-key and --expect-head input', () => {
  it('rejects a key shorter than 32 bytes before anything is sent, without printing it', async () => {
    const dir = freshDir('short-key');
    const shortKey = path.join(dir, 'short.key');
    writeFileSync(shortKey, 'hunter2-secret');
    const out = path.join(dir, 'out');
    const result = await runCli(['sync', '--population', '2', '--cycles', '1', '--reporter', 'json', '--out', out, '--sign-key', shortKey]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sign-key must hold a key of at least 32 bytes');
    expect(result.stderr).not.toContain('hunter2');
    expect(existsSync(path.join(out, 'run.ndjson'))).toBe(false);
  });

  it('rejects an --expect-head that is not a SHA-256', async () => {
    const result = await verify(signedRun, '--expect-head', 'abc123');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--expect-head must be a SHA-256 in 64 hex digits, got "abc123"');
  });
});
