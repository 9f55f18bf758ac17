/**
 * Secrets never appear in any record or output. Known random secrets are planted through every
 * way a credential enters the harness (--token, --token-file, SCIM_TOKEN, basic auth, custom
 * headers, OAuth client credentials and the access token the server issues), sent to a server
 * that demands them and echoes them back in every response — headers, bodies, error bodies,
 * Location — and then every output is searched for every spelling of them: stdout and stderr of
 * the run with all reporters and --debug, every file in the output folder, the `logs` exports and
 * views, what `report` regenerates, and report.html as Chromium renders it (page text and DOM,
 * with entries opened on every tab).
 *
 * Each case first proves the secret was on the wire and came back in the server's responses, so
 * "found nowhere" means it was redacted, not that it never arrived.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { type LogEntry } from '../../harness/contract/log-entry';
import { type RunRecord } from '../../harness/contract/run-events';
import { type Exchange } from '../../harness/contract/exchange';
import { BUILTIN_REPORTERS } from '../../reporters/registry';
import { startEchoScimServer, type EchoScimServer, type EchoScimServerOptions } from './support/echo-scim-server';
import { eventsOf, readRunRecords, runCli, type CliResult } from './support/run-cli';
import { findLeaks, knownSecret, plantSecret, spellingsOf, withWireForms, type Leak, type PlantedSecret } from './support/secret-scan';

const ALL_REPORTERS = BUILTIN_REPORTERS.map((reporter) => reporter.name).join(',');
const REDACTED = '[REDACTED]';
const CASE_TIMEOUT_MS = 60_000;
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Entries opened in the rendered report, each on every tab. */
const RENDERED_ENTRIES = 3;
/** Characters that percent-encoding, JSON, HTML, XML and CSV all spell differently. */
const AWKWARD_TAIL = '"q"\\&<x>+/=';

type Command = 'sync' | 'run';

const COMMAND_ARGS: Readonly<Record<Command, readonly string[]>> = {
  // Two cycles: creates, then updates and escrow retries; membership and cleanup too.
  sync: ['sync', '--population', '4', '--cycles', '2'],
  // Scenario results, expectations and evidence are outputs of their own.
  run: ['run', '--scenario', 'users/create', '--scenario', 'groups/add-members', '--dialect', 'entra'],
};

interface Target {
  readonly baseUrl: string;
  readonly echo?: EchoScimServer;
  readonly bundled?: RunningScimServer;
  close(): Promise<void>;
}

interface Planted {
  readonly target: Target;
  /** Credential flags, without --target. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Known once the run is over (an issued access token joins the planted secrets). */
  secrets(): PlantedSecret[];
  /** Asserts the credential arrived as the server requires it. */
  expectOnWire(): void;
}

interface PlantCase {
  readonly name: string;
  readonly command: Command;
  /** The target hands the credential back in its responses. */
  readonly echoes: boolean;
  /** The target refuses the credential: nothing is provisioned, the refusal itself echoes it. */
  readonly refused?: true;
  plant(dir: string): Promise<Planted>;
}

async function echoTarget(options: EchoScimServerOptions): Promise<Target> {
  const echo = await startEchoScimServer(options);
  return { baseUrl: echo.baseUrl, echo, close: () => echo.close() };
}

/** Every SCIM request (not the token request) carried exactly this Authorization header. */
function expectAuthorization(echo: EchoScimServer | undefined, authorization: string | ((value: string | undefined) => boolean)): void {
  const scim = (echo?.requests ?? []).filter((request) => request.url.startsWith('/scim/'));
  expect(scim.length).toBeGreaterThan(0);
  for (const request of scim) {
    if (typeof authorization === 'string') expect(request.headers.authorization).toBe(authorization);
    else expect(authorization(request.headers.authorization)).toBe(true);
  }
}

function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

const CASES: readonly PlantCase[] = [
  {
    name: 'bearer token from --token',
    command: 'sync',
    echoes: true,
    async plant() {
      // Token characters only (RFC 9110 §5.6.2), so the target's `X-Tok-<token>` header name holds it as is.
      const token = plantSecret('token', '.~+_-');
      const target = await echoTarget({ authorization: `Bearer ${token.value}` });
      return { target, args: ['--token', token.value], env: {}, secrets: () => [token], expectOnWire: () => expectAuthorization(target.echo, `Bearer ${token.value}`) };
    },
  },
  {
    name: 'bearer token from --token-file',
    command: 'run',
    echoes: true,
    async plant(dir) {
      const token = plantSecret('tokenfile');
      const file = path.join(dir, 'scim-token.txt');
      writeFileSync(file, `${token.value}\n`);
      const target = await echoTarget({ authorization: `Bearer ${token.value}` });
      return { target, args: ['--token-file', file], env: {}, secrets: () => [token], expectOnWire: () => expectAuthorization(target.echo, `Bearer ${token.value}`) };
    },
  },
  {
    name: 'bearer token from SCIM_TOKEN',
    command: 'sync',
    echoes: true,
    async plant() {
      const token = plantSecret('envtoken');
      const target = await echoTarget({ authorization: `Bearer ${token.value}` });
      return { target, args: [], env: { SCIM_TOKEN: token.value }, secrets: () => [token], expectOnWire: () => expectAuthorization(target.echo, `Bearer ${token.value}`) };
    },
  },
  {
    name: 'basic auth password',
    command: 'sync',
    echoes: true,
    async plant() {
      const password = plantSecret('password', ` ${AWKWARD_TAIL}é`);
      const credential = basic('u', password.value);
      const target = await echoTarget({ authorization: `Basic ${credential}` });
      return {
        target,
        args: ['--auth', 'basic', '--username', 'u', '--password', password.value],
        env: {},
        // The Basic credential is the password on the wire (RFC 7617 §2).
        secrets: () => [withWireForms(password, credential)],
        expectOnWire: () => expectAuthorization(target.echo, `Basic ${credential}`),
      };
    },
  },
  {
    name: 'custom header values',
    command: 'run',
    echoes: true,
    async plant() {
      const token = plantSecret('hdrtoken');
      // X-Api-Key is a credential header by name; X-Tenant-Credential is one only because it was configured.
      const apiKey = plantSecret('apikey', AWKWARD_TAIL);
      const tenant = plantSecret('tenant', AWKWARD_TAIL);
      const required = { 'X-Api-Key': apiKey.value, 'X-Tenant-Credential': tenant.value };
      const target = await echoTarget({ authorization: `Bearer ${token.value}`, requiredHeaders: required });
      return {
        target,
        args: ['--token', token.value, '--header', `X-Api-Key: ${apiKey.value}`, '--header', `X-Tenant-Credential: ${tenant.value}`],
        env: {},
        secrets: () => [token, apiKey, tenant],
        expectOnWire: () => {
          expectAuthorization(target.echo, `Bearer ${token.value}`);
          for (const request of target.echo?.requests ?? []) {
            expect(request.headers['x-api-key']).toBe(apiKey.value);
            expect(request.headers['x-tenant-credential']).toBe(tenant.value);
          }
        },
      };
    },
  },
  {
    name: 'OAuth client secret and the access token issued for it',
    command: 'sync',
    echoes: true,
    async plant() {
      const clientSecret = plantSecret('clientsecret', ` ${AWKWARD_TAIL}`);
      const target = await echoTarget({ oauth: { clientId: 'scim-harness', clientSecret: clientSecret.value } });
      const echo = target.echo as EchoScimServer;
      // RFC 6749 §2.3.1: form-encoded, then Basic.
      const formEncoded = new URLSearchParams({ x: clientSecret.value }).toString().slice(2);
      const credential = basic('scim-harness', formEncoded);
      return {
        target,
        args: ['--auth', 'oauth2', '--oauth-token-url', echo.tokenUrl, '--client-id', 'scim-harness', '--client-secret', clientSecret.value],
        env: {},
        secrets: () => [
          withWireForms(clientSecret, credential, formEncoded),
          ...echo.issuedTokens.map((token, index) => knownSecret(`issued access token ${index + 1}`, token, /[0-9a-f]{24}/.exec(token)?.[0] ?? '')),
        ],
        expectOnWire: () => {
          const tokenRequests = echo.requests.filter((request) => request.url === '/oauth2/token');
          expect(tokenRequests.length).toBeGreaterThan(0);
          for (const request of tokenRequests) expect(request.headers.authorization).toBe(`Basic ${credential}`);
          expect(echo.issuedTokens.length).toBeGreaterThan(0);
          expectAuthorization(echo, (value) => echo.issuedTokens.some((token) => value === `Bearer ${token}`));
        },
      };
    },
  },
  {
    name: 'OAuth client secret refused by the token endpoint',
    command: 'sync',
    echoes: true,
    refused: true,
    async plant() {
      const clientSecret = plantSecret('refusedsecret', ` ${AWKWARD_TAIL}`);
      // The endpoint knows another secret: it refuses, and its RFC 6749 §5.2 error quotes what it got.
      const target = await echoTarget({ oauth: { clientId: 'scim-harness', clientSecret: plantSecret('expected').value } });
      const echo = target.echo as EchoScimServer;
      const formEncoded = new URLSearchParams({ x: clientSecret.value }).toString().slice(2);
      const credential = basic('scim-harness', formEncoded);
      return {
        target,
        args: ['--auth', 'oauth2', '--oauth-token-url', echo.tokenUrl, '--client-id', 'scim-harness', '--client-secret', clientSecret.value],
        env: {},
        secrets: () => [withWireForms(clientSecret, credential, formEncoded)],
        expectOnWire: () => {
          const tokenRequests = echo.requests.filter((request) => request.url === '/oauth2/token');
          expect(tokenRequests.length).toBeGreaterThan(0);
          for (const request of tokenRequests) expect(request.headers.authorization).toBe(`Basic ${credential}`);
          expect(echo.issuedTokens).toEqual([]);
        },
      };
    },
  },
  {
    name: 'bearer token against the bundled server',
    command: 'sync',
    echoes: false,
    async plant() {
      const token = plantSecret('bundled');
      const bundled = await startScimServer({ port: 0, host: '127.0.0.1', token: token.value, recordRequests: true });
      // The server demands the token: another one is refused.
      const refused = await fetch(`${bundled.baseUrl}/Users`, { headers: { Authorization: 'Bearer not-the-planted-token' } });
      await refused.text();
      const before = bundled.requests.length;
      const target: Target = { baseUrl: bundled.baseUrl, bundled, close: () => bundled.close() };
      return {
        target,
        args: ['--token', token.value],
        env: {},
        secrets: () => [token],
        expectOnWire: () => {
          expect(refused.status).toBe(401);
          const fromHarness = bundled.requests.slice(before);
          expect(fromHarness.length).toBeGreaterThan(0);
          expect(fromHarness.filter((request) => request.status === 401)).toEqual([]);
        },
      };
    },
  },
];

/** Every file under `dir`, read as text, keyed by `label/relative path`. */
function readTree(outputs: Map<string, string>, label: string, dir: string): string[] {
  const names: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      if (statSync(file).isDirectory()) {
        walk(file);
      } else {
        const relative = path.relative(dir, file);
        names.push(relative);
        outputs.set(`${label}/${relative}`, readFileSync(file, 'utf8'));
      }
    }
  };
  walk(dir);
  return names;
}

function addCli(outputs: Map<string, string>, label: string, result: CliResult): void {
  outputs.set(`${label} (stdout)`, result.stdout);
  outputs.set(`${label} (stderr)`, result.stderr);
}

function exchangesOf(records: readonly RunRecord[]): Exchange[] {
  const direct = eventsOf(records, 'exchange').map((event) => event.exchange);
  const inEntries = eventsOf(records, 'entry').flatMap((event) => event.entry.harness.exchanges);
  return [...direct, ...inEntries].flatMap((exchange) => [exchange, ...(exchange.previousAttempts ?? [])]);
}

/** One line per leak, at most 25, so a broken redactor gives a readable failure. */
function describeLeaks(leaks: readonly Leak[]): string[] {
  const lines = leaks.slice(0, 25).map((leak) => `${leak.source}: ${leak.secret} (${leak.spelling}) in ${leak.context}`);
  return leaks.length > 25 ? [...lines, `… and ${leaks.length - 25} more`] : lines;
}

interface CaseRun {
  readonly planted: Planted;
  readonly run: CliResult;
  readonly records: RunRecord[];
  readonly outputs: Map<string, string>;
  readonly outFiles: string[];
  readonly csvFiles: string[];
}

let workDir: string;
let browser: Browser | undefined;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'scim-harness-secrets-'));
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  else console.warn(`Not rendering report.html: ${CHROMIUM} is not installed (CI installs Debian's chromium package).`);
}, CASE_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * report.html as a reader sees it: the page text after the script has run, with the first entries
 * opened on each of their tabs, and the DOM the script built (the project compiles without DOM
 * types, so the page is read through expressions).
 */
async function renderReport(outputs: Map<string, string>, file: string): Promise<void> {
  if (browser === undefined) return;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-report-ready="true"]');
    const texts = [(await page.evaluate('document.body.innerText')) as string];
    const rows = page.locator('#log-table tbody tr');
    const count = Math.min(await rows.count(), RENDERED_ENTRIES);
    for (let row = 0; row < count; row += 1) {
      await rows.nth(row).click();
      const tabs = page.locator('#log-tabs [role="tab"]');
      for (let tab = 0; tab < (await tabs.count()); tab += 1) {
        await tabs.nth(tab).click();
        texts.push((await page.evaluate('document.body.innerText')) as string);
      }
    }
    outputs.set('report.html (rendered text)', texts.join('\n'));
    outputs.set('report.html (rendered DOM)', await page.content());
  } finally {
    await page.close();
  }
}

describe('the leak search', () => {
  it('finds a planted secret in every spelling it knows, and in spellings it does not know by its core', () => {
    const secret = withWireForms(plantSecret('probe', ` ${AWKWARD_TAIL}é`), 'wire-credential-0123456789');
    for (const [spelling, text] of spellingsOf(secret)) {
      const leaks = findLeaks(new Map([['out', `before ${text} after`]]), [secret]);
      expect({ spelling, found: leaks.length > 0 }).toEqual({ spelling, found: true });
    }
    const htmlEscaped = secret.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(findLeaks(new Map([['report.html', `<td>${htmlEscaped}</td>`]]), [secret])).not.toEqual([]);
    const wrapped = `${secret.value.slice(0, 20)}\r\n${secret.value.slice(20)}`;
    const split = findLeaks(new Map([['wrapped', wrapped], ['json-wrapped', JSON.stringify(wrapped)]]), [secret]).filter((leak) => leak.spelling.endsWith('split across lines'));
    expect([...new Set(split.map((leak) => leak.source))]).toEqual(['wrapped', 'json-wrapped']);
    const shifted = Buffer.from(`x${secret.value}`, 'utf8').toString('base64');
    expect(findLeaks(new Map([['shifted', shifted.replace(/(.{76})/g, '$1\r\n')]]), [secret])).not.toEqual([]);
    const quoted = (() => {
      try {
        return JSON.parse(`${secret.value} and more`) as string;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(findLeaks(new Map([['parser message', quoted]]), [secret])).not.toEqual([]);
    const truncated = secret.value.slice(0, secret.value.indexOf(secret.core) + 14);
    expect(findLeaks(new Map([['cut', `${truncated}…`]]), [secret])).not.toEqual([]);
    expect(findLeaks(new Map([['clean', `Bearer ${REDACTED} ${plantSecret('other').value}`]]), [secret])).toEqual([]);
  });
});

describe.each(CASES.map((plantCase) => [plantCase.name, plantCase] as const))('planted secret: %s', (_name, plantCase) => {
  let caseRun: CaseRun;

  beforeAll(async () => {
    const dir = path.join(workDir, plantCase.name.replace(/[^a-z0-9]+/gi, '-'));
    const out = path.join(dir, 'out');
    const csvDir = path.join(dir, 'csv');
    mkdirSync(dir, { recursive: true });
    const planted = await plantCase.plant(dir);
    try {
      const outputs = new Map<string, string>();
      const run = await runCli(
        [...COMMAND_ARGS[plantCase.command], '--target', planted.target.baseUrl, ...planted.args, '--reporter', ALL_REPORTERS, '--debug', '--out', out],
        planted.env,
      );
      addCli(outputs, 'run', run);
      const outFiles = readTree(outputs, 'out', out);
      const records = readRunRecords(path.join(out, 'run.ndjson'));

      addCli(outputs, 'logs --format aad', await runCli(['logs', out, '--format', 'aad'], planted.env));
      addCli(outputs, 'logs --format csv', await runCli(['logs', out, '--format', 'csv', '--output', csvDir], planted.env));
      const csvFiles = readTree(outputs, 'logs csv', csvDir);
      addCli(outputs, 'logs --format json', await runCli(['logs', out, '--format', 'json'], planted.env));
      addCli(outputs, 'logs (table)', await runCli(['logs', out, '--columns', 'Change ID,Error Code'], planted.env));
      addCli(outputs, 'logs --summary', await runCli(['logs', out, '--summary'], planted.env));
      // The portal's detail view of the entries most likely to quote a response: the failed ones.
      const entries: LogEntry[] = eventsOf(records, 'entry').map((event) => event.entry);
      const shown = [...entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure'), ...entries].slice(0, 3);
      for (const entry of shown) addCli(outputs, `logs --show ${entry.changeId}`, await runCli(['logs', out, '--show', entry.changeId], planted.env));
      addCli(outputs, 'report', await runCli(['report', out], planted.env));
      readTree(outputs, 'report', out);
      await renderReport(outputs, path.join(out, 'report.html'));
      caseRun = { planted, run, records, outputs, outFiles, csvFiles };
    } finally {
      await planted.target.close();
    }
  }, CASE_TIMEOUT_MS);

  it(plantCase.refused ? 'ran against a target that refused the credential it was sent' : 'ran against a target that demanded the credential and got it', () => {
    const { planted, run, records } = caseRun;
    if (![0, 1, 3].includes(run.code)) throw new Error(`the run exited ${run.code}, not with a verdict: ${run.stderr}`);
    planted.expectOnWire();
    const created = eventsOf(records, 'entry').filter(({ entry }) => entry.provisioningAction === 'create' && entry.provisioningStatusInfo.status === 'success');
    if (plantCase.refused) {
      expect(planted.target.echo?.rejected.length).toBeGreaterThan(0);
      expect(created).toEqual([]);
    } else {
      // No request was refused, and objects were provisioned: the credential went out on every request.
      expect(planted.target.echo?.rejected ?? []).toEqual([]);
      expect(created.length).toBeGreaterThan(0);
    }
  });

  if (plantCase.echoes) {
    it('got every secret back from the target, and recorded the echoes redacted', () => {
      const { planted, records } = caseRun;
      const echo = planted.target.echo as EchoScimServer;
      for (const secret of planted.secrets()) {
        const spellings = [...spellingsOf(secret).values()];
        const echoedIn = echo.responses.filter((response) => spellings.some((spelling) => response.includes(spelling)));
        expect({ secret: secret.label, echoed: echoedIn.length > 0 }).toEqual({ secret: secret.label, echoed: true });
      }
      const exchanges = exchangesOf(records);
      if (plantCase.refused) {
        // No exchange got past the token request: its refusal, quoting the credential, is in the error.
        const errors = exchanges.map((exchange) => exchange.error?.message ?? '');
        expect(errors.filter((message) => message.includes('invalid_client'))).not.toEqual([]);
        for (const message of errors.filter((text) => text.includes('invalid_client'))) expect(message).toContain(REDACTED);
        return;
      }
      const echoHeaders = exchanges.map((exchange) => exchange.response?.headers['x-echo-authorization']).filter((value): value is string => value !== undefined);
      expect(echoHeaders.length).toBeGreaterThan(0);
      for (const value of echoHeaders) expect(value).toContain(REDACTED);
      expect(exchanges.some((exchange) => exchange.response?.text.includes(REDACTED))).toBe(true);
      // Header names carried the credentials too: recorded, they hold the marker instead.
      const tokNames = exchanges.flatMap((exchange) => Object.keys(exchange.response?.headers ?? {})).filter((name) => name.startsWith('x-tok-'));
      expect(tokNames.length).toBeGreaterThan(0);
      for (const name of tokNames) expect(name).toContain(REDACTED);
      // A body starting with the credential was not JSON: the parse error says where, quoting nothing.
      const parseErrors = exchanges.map((exchange) => exchange.response?.parseError).filter((error): error is string => error !== undefined);
      expect(parseErrors.length).toBeGreaterThan(0);
      for (const error of parseErrors) expect(error).toMatch(/^response body is not valid JSON: [a-z ',:}\]]+ at position \d+ \(line \d+, column \d+\)$/);
    });
  }

  it('wrote every output the reporters, --debug and the log commands promise', () => {
    const { outputs, outFiles, csvFiles } = caseRun;
    const promised = ['run.ndjson', 'provisioning-logs.json', 'job-status.json', ...BUILTIN_REPORTERS.flatMap((reporter) => reporter.files)];
    expect(outFiles).toEqual(expect.arrayContaining(promised));
    if (browser !== undefined) {
      expect(outputs.get('report.html (rendered text)')).toContain('Provisioning');
      expect(outputs.get('report.html (rendered DOM)')).toMatch(/data-report-ready="true"/);
    }
    expect(csvFiles.length).toBeGreaterThan(0);
    expect(outputs.get('run (stderr)')).toMatch(/^\[debug\] /m);
    if (!plantCase.refused) {
      // With entries, the exports and the detail view have something to say.
      expect(outputs.get('logs --format aad (stdout)')?.trim()).not.toBe('');
      expect([...outputs.keys()].filter((key) => key.startsWith('logs --show '))).not.toEqual([]);
    }
  });

  it('holds no spelling of any secret in any output', () => {
    const { planted, outputs } = caseRun;
    const secrets = planted.secrets();
    expect(secrets.length).toBeGreaterThan(0);
    expect(describeLeaks(findLeaks(outputs, secrets))).toEqual([]);
  });
});
