import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { type EvidenceAnchor, judgeEvidence, readRecordedAnchors, verifyRunEvidence } from '../../../harness/log/evidence';
import { type RunEndEvent, type RunEvent, type RunRecord } from '../../../harness/contract/run-events';
import { RunChainVerifier } from '../../../harness/log/run-reader';
import { checkSealSignature, loadSignKey, sealRunEnd, type SignKey } from '../../../harness/log/run-seal';
import { createRunSink } from '../../../harness/log/run-sink';
import { makeTempDir } from './fixtures';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const temp = makeTempDir();
afterAll(() => temp.remove());
let counter = 0;
function newDir(): string {
  counter += 1;
  return join(temp.dir, `evidence-${counter}`);
}

const KEY: SignKey = { file: 'test.key', hex: Buffer.from('k'.repeat(32)).toString('hex') };
const OTHER_KEY: SignKey = { file: 'other.key', hex: Buffer.from('o'.repeat(32)).toString('hex') };

const END: RunEndEvent = {
  type: 'run-end',
  endedAt: '2026-03-24T10:46:00.000Z',
  verdict: { outcome: 'passed', headline: 'Passed' } as unknown as RunEndEvent['verdict'],
  jobStatus: { id: 'job' },
};

function notice(message: string): RunEvent {
  return { type: 'notice', level: 'info', message };
}

/** A finished run as the session writes it: a few records, then the sealed run-end. */
function writeSealedRun(key?: SignKey): { readonly dir: string; readonly file: string; readonly lines: string[] } {
  const dir = newDir();
  const file = join(dir, 'run.ndjson');
  const sink = createRunSink(file);
  for (const message of ['one', 'two', 'three']) sink.append(notice(message));
  const sealed = sealRunEnd(END, sink.count + 1, sink.lastHash(), key);
  sink.append(sealed.event, sealed.json);
  sink.close();
  return { dir, file, lines: readFileSync(file, 'utf8').split('\n').slice(0, -1) };
}

function judge(lines: readonly string[], anchors: readonly EvidenceAnchor[] = [], key?: SignKey): ReturnType<typeof judgeEvidence> {
  const verifier = new RunChainVerifier('run.ndjson', { watchHeads: anchors.flatMap((anchor) => (anchor.head ? [anchor.head] : [])) });
  for (const line of lines) verifier.add(line);
  return judgeEvidence(verifier.finish(), verifier.sightings(), anchors, { signKey: key });
}

function rechain(lines: readonly string[]): string[] {
  const out = [...lines];
  for (let index = 1; index < out.length; index += 1) {
    const prev = sha256(out[index - 1]);
    out[index] = out[index].replace(/"prev":"[0-9a-f]*"/, `"prev":"${prev}"`).replace(/"seal":\{"lines":(\d+),"head":"[0-9a-f]*"/, `"seal":{"lines":$1,"head":"${prev}"`);
  }
  return out;
}

describe('sealRunEnd', () => {
  it('seals the end record with its own line number and the head before it, as written by the sink', () => {
    const { lines } = writeSealedRun();
    const end = JSON.parse(lines[3]) as RunRecord;
    expect(end.event).toEqual({ ...END, seal: { lines: 4, head: sha256(lines[2]) } });
    expect(end.prev).toBe(sha256(lines[2]));
  });

  it('signs the exact line the sink writes: HMAC-SHA256 over it with the MAC blanked', () => {
    const { lines } = writeSealedRun(KEY);
    const line = lines[3];
    const hmac = (JSON.parse(line) as { event: RunEndEvent }).event.seal?.hmac ?? '';
    expect(line.endsWith(`"algorithm":"HMAC-SHA256","hmac":"${hmac}"}}}`)).toBe(true);
    const blanked = line.replace(hmac, '');
    const expected = createHmac('sha256', Buffer.from('k'.repeat(32))).update('scim-harness run.ndjson end record v1\n').update(blanked).digest('hex');
    expect(hmac).toBe(expected);
    expect(checkSealSignature(line, KEY)).toBe('valid');
  });

  it('fails the signature on any one-character edit of the end record, a re-chain, or another key', () => {
    const { lines } = writeSealedRun(KEY);
    const line = lines[3];
    expect(checkSealSignature(line.replace('"outcome":"passed"', '"outcome":"failed"'), KEY)).toBe('invalid');
    expect(checkSealSignature(line.replace(/"prev":"./, '"prev":"0'), KEY)).toBe('invalid');
    expect(checkSealSignature(line.replace('"seq":4', '"seq":5'), KEY)).toBe('invalid');
    expect(checkSealSignature(line, OTHER_KEY)).toBe('invalid');
    expect(checkSealSignature(writeSealedRun().lines[3], KEY)).toBe('unsigned');
  });
});

describe('loadSignKey', () => {
  it('reads the key file, ignoring one trailing line break', () => {
    const dir = newDir();
    const file = join(dir, 'key');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${'x'.repeat(40)}\r\n`);
    expect(loadSignKey('--sign-key', file)).toEqual({ file, hex: Buffer.from('x'.repeat(40)).toString('hex') });
  });

  it('rejects a key under 32 bytes naming the rule, the length and the fix, never the content', () => {
    const dir = newDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'short');
    writeFileSync(file, 'tops3cret\n');
    expect(() => loadSignKey('--sign-key', file)).toThrow(ConfigurationError);
    expect(() => loadSignKey('--sign-key', file)).toThrow(/at least 32 bytes \(RFC 2104 §3\), got 9 byte\(s\).*openssl rand -hex 32/);
    expect(() => loadSignKey('--sign-key', file)).not.toThrow(/tops3cret/);
    expect(() => loadSignKey('--sign-key', join(dir, 'missing'))).toThrow(/must name a readable key file/);
  });
});

describe('judgeEvidence', () => {
  it('verifies a sealed run only when something outside the file anchors it', () => {
    const { lines } = writeSealedRun(KEY);
    const head = sha256(lines[3]);
    expect(judge(lines).state).toBe('unanchored');
    expect(judge(lines, [{ source: 'report.json', head, lines: 4 }])).toMatchObject({ state: 'verified', anchoredBy: ['report.json'] });
    expect(judge(lines, [], KEY)).toMatchObject({ state: 'verified', anchoredBy: ['HMAC-SHA256 signature'], signature: 'valid' });
  });

  it('names the edited line when a link breaks', () => {
    const { lines } = writeSealedRun();
    const edited = [...lines];
    edited[1] = edited[1].replace('two', 'TWO');
    expect(judge(edited)).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^edited at line 2: /) });
  });

  it('tells truncation from a crash only with an anchor', () => {
    const { lines } = writeSealedRun();
    const anchor = { source: 'report.json', head: sha256(lines[3]), lines: 4 };
    expect(judge(lines.slice(0, 2))).toMatchObject({ state: 'incomplete', headline: expect.stringMatching(/^incomplete: no end record after 2 line/) });
    expect(judge(lines.slice(0, 2), [anchor])).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^truncated \(2 lines, expected 4 per report\.json\)/) });
  });

  it('catches a correctly linked line after the end record, with or without an anchor', () => {
    const { lines } = writeSealedRun();
    const extended = [...lines, `{"seq":5,"prev":"${sha256(lines[3])}","event":{"type":"notice","level":"info","message":"later"}}`];
    expect(judge(extended)).toMatchObject({ state: 'tampered', headline: 'extended beyond the end record: 1 line(s) follow the run-end record at line 4' });
    expect(judge(extended, [{ source: '--expect-head', head: sha256(lines[3]) }]).details).toContain(
      'extended beyond the recorded head: --expect-head records ? lines ending in ' + `${sha256(lines[3]).slice(0, 12)}…; line 4 still ends there, and 1 line(s) were added after it`,
    );
  });

  it('catches a re-chained file through the recorded head and through the signature', () => {
    const { lines } = writeSealedRun(KEY);
    const head = sha256(lines[3]);
    const edited = [...lines];
    edited[1] = edited[1].replace('two', 'TWO');
    const rechained = rechain(edited);
    expect(judge(rechained).state).toBe('unanchored');
    expect(judge(rechained, [{ source: 'report.json', head, lines: 4 }])).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^re-chained: all 4 links are valid/) });
    expect(judge(rechained, [], KEY)).toMatchObject({ state: 'tampered', signature: 'invalid' });
  });

  it('names an edited end record, rather than a re-chain, when the head before it was recorded', () => {
    const { lines } = writeSealedRun();
    const anchor = { source: 'report.json', head: sha256(lines[3]), lines: 4, beforeEnd: sha256(lines[2]) };
    const edited = [...lines];
    edited[3] = edited[3].replace('"outcome":"passed"', '"outcome":"failed"');
    expect(judge(edited, [anchor])).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^edited at line 4: the run-end record differs/) });
    const earlier = [...lines];
    earlier[1] = earlier[1].replace('two', 'TWO');
    expect(judge(rechain(earlier), [anchor])).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^re-chained: /) });
  });

  it('catches an end record whose seal disagrees with where it sits', () => {
    const { lines } = writeSealedRun();
    const moved = [...lines];
    moved[3] = moved[3].replace('"seal":{"lines":4', '"seal":{"lines":9');
    expect(judge(moved)).toMatchObject({ state: 'tampered', headline: expect.stringMatching(/^edited at line 4: the end record's seal says 9 lines/) });
  });

  it('does not verify an unsigned run with a key', () => {
    const { lines } = writeSealedRun();
    expect(judge(lines, [], KEY)).toMatchObject({ state: 'unverifiable', signature: 'unsigned' });
  });
});

describe('readRecordedAnchors and verifyRunEvidence', () => {
  it('anchors to report.json, then summary.md, and never to a report regenerated without an anchor', async () => {
    const { dir, file, lines } = writeSealedRun();
    const head = sha256(lines[3]);
    expect(readRecordedAnchors(file).anchors).toEqual([]);
    writeFileSync(join(dir, 'summary.md'), `## Passed\n\n<sub>Chain hash of run.ndjson: \`${head}\` (4 lines)</sub>\n`);
    expect(readRecordedAnchors(file).anchors).toEqual([{ source: 'summary.md', head, lines: 4 }]);
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ log: { finalHash: head, lines: 4 } }));
    expect(readRecordedAnchors(file).anchors).toEqual([{ source: 'report.json', head, lines: 4 }]);
    expect(await verifyRunEvidence(dir)).toMatchObject({ state: 'verified', anchoredBy: ['report.json'] });
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ log: { finalHash: head, lines: 4, evidence: { state: 'unanchored', anchors: [] } } }));
    expect(readRecordedAnchors(file).anchors).toEqual([]);
    expect((await verifyRunEvidence(dir)).state).toBe('unanchored');
  });
});
