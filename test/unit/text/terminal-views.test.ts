/**
 * Every view that puts target text on a terminal shows its control characters instead of
 * passing them on: the `logs` table, `logs --show`, `logs --summary`, `--debug` lines and the
 * console reporter, whose own colours keep working.
 */
import { formatEntryDetail, formatLogTable, summarizeEntries } from '../../../harness/log/log-views';
import { formatDebugLine } from '../../../harness/runner/debug-output';
import { ConsoleReporter } from '../../../reporters/console-reporter';
import { makeEntry, respond } from '../log/fixtures';
import { buildFixtureRun, CaptureStream, reporterOptions } from '../reporters/fixtures';

/** ESC, the 8-bit CSI and every other C1 control, DEL, C0 but line feed and tab. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** The console's own colours, the only escape sequences it may write. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
const CSI8 = '\u009b31m';
const LINK = '\u001b]8;;http://evil.example/\u001b\\click\u001b]8;;\u001b\\';
/** Looks exactly like the console's own "bold": must still be shown, not obeyed. */
const FAKE_BOLD = '\u001b[1m';

const hostile = makeEntry({
  id: 'act-1',
  at: '2026-03-24T10:00:00Z',
  action: 'create',
  status: 'failure',
  name: `${FAKE_BOLD}Mallory${CSI8}${TITLE}`,
  sourceId: `src${CLEAR}`,
  targetId: `tgt${CSI8}`,
  cycleId: 'cycle-1',
  changeId: 'change-1',
  error: {
    errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
    reason: `StatusCode: BadRequest\r\nWeb Response: {"detail":"${LINK} ${CLEAR}\u001bP$q\u001b\\ ok\rFAIL"}`,
    additionalDetails: `${TITLE}\u001b[1A`,
    errorCategory: 'nonServiceFailure',
    recommendedAction: 'Fix it.',
  },
  modified: [{ displayName: 'displayName', oldValue: null, newValue: `${FAKE_BOLD}x${CSI8}` }],
});

describe('logs views', () => {
  it('the table shows control characters, 8-bit CSI included, and stays aligned', () => {
    const text = formatLogTable([hostile], { columns: ['Identity', 'Source ID', 'Target ID', 'Status'] });
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\u001B[1mMallory\\u009B31m\\u001B]0;pwned\\u0007');
    const [header, rule, row] = text.split('\n');
    expect(row.indexOf('Failure')).toBe(header.indexOf('Status'));
    expect(rule.length).toBeGreaterThanOrEqual(row.length);
  });

  it('--show shows control characters from names, ids, reasons and values', () => {
    const text = formatEntryDetail(hostile);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\u001B]8;;http://evil.example/\\u001B\\click');
    expect(text).toContain('\\u001BP$q\\u001B\\');
    expect(text).toContain('\\u009B31m');
  });

  it('--summary shows control characters from identities and the query', () => {
    const summary = summarizeEntries([hostile], { identity: 'Mallory' });
    expect(summary.text).not.toMatch(RAW_CONTROL);
    expect(summary.text).toContain('\\u001B[1mMallory');
  });
});

describe('--debug', () => {
  it('keeps one line per exchange and shows control characters from the response', () => {
    const exchange = respond(400, { detail: `${TITLE}\nsecond line${CSI8}` });
    const line = formatDebugLine(exchange, { purpose: 'create' } as Parameters<typeof formatDebugLine>[1]);
    expect(line.endsWith('\n')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('ConsoleReporter', () => {
  const run = buildFixtureRun();
  afterAll(() => run.remove());

  it("shows the target's escape sequences, even ones that look like its own colours, and keeps its own colours", async () => {
    const stdout = new CaptureStream(false);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, color: true }));
    // The console shows the target's words in the root causes (title and quoted server detail).
    const [first, ...rest] = run.summary.verdict.rootCauses ?? [];
    const cause = { ...first, title: `Server said ${FAKE_BOLD}hello`, serverDetail: `${LINK}\u001b[31mred${CSI8}` };
    const summary = { ...run.summary, plan: { ...run.summary.plan, scenarios: [] }, verdict: { ...run.summary.verdict, rootCauses: [cause, ...rest] } };
    await reporter.onRunStart(summary.plan);
    await reporter.onEntry(hostile, []);
    await reporter.onRunEnd(summary);
    const text = stdout.text;
    expect(text.replace(OWN_SGR, '')).not.toMatch(RAW_CONTROL);
    // Its own colours still colour: the failure mark is red.
    expect(text).toContain('\u001b[31m✗\u001b[39m');
    expect(text).toContain("'\\u001B[1mMallory\\u009B31m\\u001B]0;pwned\\u0007' failed");
    expect(text).toContain('Server said \\u001B[1mhello');
    expect(text).toContain('\\u001B[31mred\\u009B31m');
  });
});
