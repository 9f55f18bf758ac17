import { createColors, detectColor, neutralizeControls, stripAnsi } from '../../../reporters/format/colors';
import { embedJson, embedScript, escapeHtml } from '../../../reporters/format/html';
import { escapeMarkdown, markdownCell, markdownCode } from '../../../reporters/format/markdown';
import { firstLine } from '../../../reporters/format/first-line';
import { describeCycleState, progressPercent, QUARANTINED_MESSAGE, statusPanelRows } from '../../../reporters/format/status-panel';
import { describeJobStatus, failOnSeverity, findingDisposition, sortFindings } from '../../../reporters/format/summary';
import { escapeXmlAttribute, escapeXmlText, replaceInvalidXmlChars } from '../../../reporters/format/xml';
import { type CurrentStatus } from '../../../reporters/reporter';
import { buildVerdict, FINDING_ETAG, FINDING_HTML_ERROR, FINDING_SCIM_TYPE, buildFixtureRun } from './fixtures';
import { parseXmlStrict } from './xml-check';

describe('firstLine', () => {
  it('takes the first non-empty line and shortens it', () => {
    expect(firstLine('\r\nStatusCode: Conflict\r\nMessage: x')).toBe('StatusCode: Conflict');
    expect(firstLine('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('colors', () => {
  it('is the identity when colour is off', () => {
    const colors = createColors(false);
    expect(colors.red('x')).toBe('x');
    expect(colors.bold(colors.green('ok'))).toBe('ok');
  });

  it('wraps text in ANSI codes when colour is on, and stripAnsi removes them', () => {
    const colors = createColors(true);
    expect(colors.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(stripAnsi(colors.bold(colors.red('x')))).toBe('x');
  });

  it('neutralises control characters from the target but keeps its own colour codes', () => {
    const colors = createColors(true);
    const hostile = 'name\u001b[2J\u001b]0;pwned\u0007\rover';
    const out = neutralizeControls(colors.red(hostile));
    expect(out).toBe('\u001b[31mname\\u001B[2J\\u001B]0;pwned\\u0007\\u000Dover\u001b[39m');
    expect(neutralizeControls('tab\tnew\nline')).toBe('tab\tnew\nline');
  });

  it('follows NO_COLOR and FORCE_COLOR before the TTY', () => {
    expect(detectColor(true, {})).toBe(true);
    expect(detectColor(false, {})).toBe(false);
    expect(detectColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(detectColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(detectColor(true, { FORCE_COLOR: '0' })).toBe(false);
  });
});

describe('xml escaping', () => {
  it('replaces characters XML 1.0 forbids, including lone surrogates', () => {
    expect(replaceInvalidXmlChars('a\u0000b\u0001c\u001fd\uFFFEe\uD800f')).toBe('a\\u0000b\\u0001c\\u001Fd\\uFFFEe\\uD800f');
    expect(replaceInvalidXmlChars('tab\tnl\ncr\r😀')).toBe('tab\tnl\ncr\r😀');
  });

  it('produces text and attributes a strict parser reads back unchanged', () => {
    const nasty = 'a < b && c > d "q" \'s\' ]]> line\nnext\ttab';
    const doc = `<r a="${escapeXmlAttribute(nasty)}">${escapeXmlText(nasty)}</r>`;
    const root = parseXmlStrict(doc);
    expect(root.attributes.a).toBe(nasty);
    expect(root.text).toBe(nasty);
  });
});

describe('html escaping', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('embeds JSON that cannot close its script block and parses back to the same value', () => {
    const value = { text: '</script><!-- <script>alert(1)</script> & \u2028' };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/<\/script/i);
    expect(embedded).not.toContain('<!--');
    expect(JSON.parse(embedded)).toEqual(value);
  });

  it('neutralises </script inside an inlined script', () => {
    expect(embedScript('var s = "</script>";')).toBe('var s = "<\\/script>";');
  });
});

describe('markdown escaping', () => {
  it('keeps a table cell in one cell and one row', () => {
    expect(markdownCell('a | b\nc <b>')).toBe('a \\| b<br>c &lt;b&gt;');
    expect(escapeMarkdown('*bold* _x_ [link](y)')).toBe('\\*bold\\* \\_x\\_ \\[link\\](y)');
  });

  it('fences inline code longer than any backtick run inside', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('plain')).toBe('`plain`');
  });
});

const STATUS: CurrentStatus = {
  usersInScope: 40,
  groupsInScope: 10,
  usersProcessed: 20,
  groupsProcessed: 5,
  lastCycleAt: null,
  lastCycleKind: null,
  initialCycleComplete: false,
  cyclesRun: 0,
  quarantined: false,
  quarantineReason: null,
};

describe('status panel', () => {
  it('reports the initial cycle in progress with its share processed', () => {
    expect(progressPercent(STATUS)).toBe(50);
    expect(describeCycleState(STATUS)).toBe('Initial cycle not completed (50% of objects in scope processed).');
  });

  it('reports a completed incremental cycle and the quarantine with its reason', () => {
    const done = { ...STATUS, cyclesRun: 3, initialCycleComplete: true, lastCycleKind: 'incremental' as const, lastCycleAt: '2026-03-24T10:40:00Z' };
    expect(describeCycleState(done)).toBe('Incremental cycle completed.');
    const quarantined = { ...done, quarantined: true, quarantineReason: 'TooManyDeletes' };
    expect(describeCycleState(quarantined)).toBe(QUARANTINED_MESSAGE);
    const rows = statusPanelRows(quarantined);
    expect(rows.find((row) => row.label === 'Quarantine')).toEqual({ label: 'Quarantine', value: 'quarantined: TooManyDeletes', tone: 'bad' });
    expect(rows.find((row) => row.label === 'Last cycle')?.value).toBe('2026-03-24 10:40:00 UTC (incremental)');
    expect(rows.find((row) => row.label === 'Users')?.value).toBe('40 in scope, 20 processed across 3 cycles');
  });

  it('says when nothing has run', () => {
    expect(describeCycleState({ ...STATUS, usersProcessed: 0, groupsProcessed: 0 })).toBe('No cycle has run.');
  });
});

describe('summary helpers', () => {
  it('orders findings most severe first, keeping order within a severity', () => {
    const second = { ...FINDING_SCIM_TYPE, check: 'second' };
    expect(sortFindings([FINDING_HTML_ERROR, FINDING_SCIM_TYPE, FINDING_ETAG, second]).map((f) => f.check)).toEqual([
      FINDING_SCIM_TYPE.check,
      'second',
      FINDING_ETAG.check,
      FINDING_HTML_ERROR.check,
    ]);
  });

  it('reads --fail-on from the plan settings, defaulting to required', () => {
    const run = buildFixtureRun();
    try {
      expect(failOnSeverity(run.summary.plan)).toBe('required');
      expect(failOnSeverity({ ...run.summary.plan, settings: { 'fail-on': 'advisory' } })).toBe('advisory');
      expect(failOnSeverity({ ...run.summary.plan, settings: { failOn: 'bogus' } })).toBe('required');
    } finally {
      run.remove();
    }
  });

  it('classifies findings like the verdict: threshold, then baseline', () => {
    const verdict = buildVerdict();
    expect(findingDisposition(FINDING_SCIM_TYPE, verdict, 'required')).toBe('failing');
    expect(findingDisposition(FINDING_ETAG, verdict, 'required')).toBe('belowThreshold');
    expect(findingDisposition(FINDING_ETAG, verdict, 'recommended')).toBe('failing');
    const known = { ...verdict, knownFailures: ['users/uniqueness::protocol/error-scim-type'] };
    expect(findingDisposition(FINDING_SCIM_TYPE, known, 'required')).toBe('known');
  });

  it('describes a Graph job status defensively', () => {
    expect(describeJobStatus({ status: { code: 'Quarantine' }, schedule: { state: 'Active', interval: 'P1D' } })).toBe('Quarantine; schedule Active every P1D');
    expect(describeJobStatus(null)).toBeNull();
    expect(describeJobStatus({ status: { code: 42 } })).toBeNull();
    expect(describeJobStatus('Active')).toBeNull();
  });
});
