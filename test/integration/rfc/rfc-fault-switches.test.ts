/**
 * The RFC conformance suite against the bundled server (docs/rfc-coverage.md): with no fault
 * switch on, every probe passes or is honestly not supported; with each switch, exactly the
 * probe(s) for the requirement it breaks fail, each with what the server did and a fix. Every
 * probe of the catalogue is failed by at least one switch, so every probe is proved able to fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFaultSwitches, startScimServer } from '../../../examples/scim-server';
import { RFC_FAULT_SWITCHES } from '../../../examples/scim-server/rfc-faults';
import { run } from '../../../harness';
import { type RfcVerdict } from '../../../harness/contract/rfc';
import { RFC_PROBE_IDS } from '../../../harness/rfc/catalogue';

/** Switch → the probes it must fail (and no other). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'filter-eq-as-sw': ['rfc/filter/operator-eq'],
  'filter-sw-as-co': ['rfc/filter/operator-sw'],
  'filter-and-as-or': ['rfc/filter/logical-and'],
  'filter-or-as-and': ['rfc/filter/logical-or'],
  'filter-not-ignored': ['rfc/filter/logical-not'],
  'filter-ne-as-eq': ['rfc/filter/operator-ne'],
  'filter-co-as-sw': ['rfc/filter/operator-co'],
  'filter-ew-as-sw': ['rfc/filter/operator-ew'],
  'filter-pr-always': ['rfc/filter/operator-pr'],
  'filter-gt-as-ge': ['rfc/filter/operator-gt'],
  'filter-ge-as-gt': ['rfc/filter/operator-ge'],
  'filter-lt-as-le': ['rfc/filter/operator-lt'],
  'filter-le-as-lt': ['rfc/filter/operator-le'],
  'filter-ignore-parentheses': ['rfc/filter/grouping'],
  'filter-case-sensitive-names': ['rfc/filter/case-insensitive-names'],
  'filter-value-path-across-values': ['rfc/filter/value-path'],
  'filter-rejects-urn-names': ['rfc/filter/urn-names'],
  'invalid-filter-500': ['rfc/filter/invalid-filter'],
  'filter-orders-booleans': ['rfc/filter/ordering-on-boolean'],
  'incomplete-service-provider-config': ['rfc/discovery/service-provider-config'],
  'resource-type-unlisted-extension': ['rfc/discovery/resource-types'],
  'invalid-schema-characteristics': ['rfc/discovery/schemas'],
  'undeclared-attribute': ['rfc/discovery/schema-honesty'],
  'schema-misstates-type': ['rfc/discovery/schema-honesty'],
  'discovery-filter-ignored': ['rfc/discovery/filter-refused'],
  'uniqueness-case-sensitive': ['rfc/identity/username-uniqueness'],
  'client-ids-honoured': ['rfc/identity/client-id-ignored'],
  'echo-client-meta': ['rfc/identity/client-meta-ignored'],
  'reuse-deleted-ids': ['rfc/identity/id-stable'],
  'tombstone-external-ids': ['rfc/identity/recreate-after-delete'],
  'username-optional': ['rfc/identity/required-attributes'],
  'put-creates': ['rfc/resource/unknown-id'],
  'put-appends-multivalued': ['rfc/resource/put-replace'],
  // A soft delete: the user still holds its userName, so re-creating it conflicts too.
  'deleted-still-listed': ['rfc/resource/delete', 'rfc/identity/recreate-after-delete'],
  'patch-read-only-ignored': ['rfc/resource/mutability-read-only'],
  'immutable-not-enforced': ['rfc/resource/mutability-immutable'],
  'return-password': ['rfc/resource/password-never-returned'],
  'patch-remove-ignored': ['rfc/patch/operations'],
  'patch-unknown-op-ignored': ['rfc/patch/unknown-op'],
  'patch-schemas-optional': ['rfc/patch/missing-schemas'],
  'patch-bad-path-500': ['rfc/patch/invalid-path'],
  'patch-remove-no-path-ignored': ['rfc/patch/remove-without-path'],
  'patch-value-path-replaces-all': ['rfc/patch/value-path'],
  'group-filtered-remove-ignored': ['rfc/group/membership-patch'],
  'primary-not-moved': ['rfc/patch/primary'],
  'invalid-booleans-read-as-false': ['rfc/patch/invalid-value'],
  'ignore-attributes-param': ['rfc/query/attributes'],
  'ignore-excluded-attributes': ['rfc/query/excluded-attributes'],
  'count-zero-ignored': ['rfc/query/count-zero'],
  'count-off-by-one': ['rfc/query/count-bound'],
  'start-index-below-one-400': ['rfc/query/start-index'],
  'sort-order-ignored': ['rfc/query/sort'],
  // One search handler serves both endpoints.
  'search-ignores-filter': ['rfc/query/post-search', 'rfc/query/root-search'],
  'no-etag-header': ['rfc/etag/header'],
  'if-none-match-ignored': ['rfc/etag/if-none-match'],
  'if-match-ignored': ['rfc/etag/if-match'],
  'advertise-bulk': ['rfc/bulk/operations'],
  'me-404': ['rfc/me/endpoint'],
  'no-www-authenticate': ['rfc/auth/unauthorized'],
  'invalid-token-403': ['rfc/auth/unauthorized'],
  'malformed-json-500': ['rfc/errors/malformed-json'],
  'unknown-endpoint-200': ['rfc/errors/unknown-endpoint'],
  'method-not-allowed-404': ['rfc/errors/method-not-allowed'],
  'invented-scim-type': ['rfc/errors/error-body'],
  'reject-application-json': ['rfc/media/accepts-application-json'],
  // Switches of the Entra suite that break an RFC requirement as well.
  'create-200': ['rfc/resource/create'],
  'no-location': ['rfc/resource/create'],
  // One DELETE handler serves users and groups.
  'delete-200': ['rfc/resource/delete', 'rfc/group/lifecycle'],
  'patch-no-atomic': ['rfc/patch/atomic'],
  'filter-404': ['rfc/filter/no-match'],
  'case-sensitive-filter': ['rfc/filter/case-exact'],
  'allow-duplicates': ['rfc/identity/username-uniqueness'],
  'plain-errors': ['rfc/errors/error-body'],
  'numeric-error-status': ['rfc/errors/error-body'],
  'wrong-content-type': ['rfc/media/response-content-type'],
};

async function runRfcSuiteWith(faults: string): Promise<{ rfc: RfcVerdict; exitCode: number }> {
  const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 'rfc-token', faults: parseFaultSwitches(faults, {}) });
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-rfc-'));
  try {
    const result = await run({ target: server.baseUrl, token: 'rfc-token', out, suite: 'rfc', reporter: 'json' });
    if (!result.verdict.rfc) throw new Error('the verdict of a --suite rfc run has no RFC score');
    return { rfc: result.verdict.rfc, exitCode: result.exitCode };
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

function failedIds(rfc: RfcVerdict): string[] {
  return rfc.results.filter((result) => result.status === 'failed').map((result) => result.id).sort();
}

describe('the RFC suite against the bundled server', () => {
  it('passes with no fault switch on: nothing fails, only bulk and immutable attributes are not supported, and the run exits 0', async () => {
    const { rfc, exitCode } = await runRfcSuiteWith('');
    expect(failedIds(rfc)).toEqual([]);
    expect(rfc.results.filter((result) => result.status === 'not-supported').map((result) => result.id).sort()).toEqual(['rfc/bulk/operations', 'rfc/resource/mutability-immutable']);
    expect(rfc.results.map((result) => result.id).sort()).toEqual([...RFC_PROBE_IDS].sort());
    expect(exitCode).toBe(0);
  });

  it.each(Object.entries(EXPECTED))('with %s, exactly %j fail, each saying what the server did and what to change', async (faults, expected) => {
    const { rfc, exitCode } = await runRfcSuiteWith(faults);
    expect(failedIds(rfc)).toEqual([...expected].sort());
    for (const result of rfc.results.filter((candidate) => candidate.status === 'failed')) {
      expect(result.actual).not.toBe('');
      expect(result.fix).toEqual(expect.any(String));
      expect(result.evidence.length).toBeGreaterThan(0);
    }
    // A --suite rfc run gates on rfc:required by default: a required failure fails it.
    const requiredFailure = rfc.results.some((result) => result.status === 'failed' && result.severity === 'required');
    expect(exitCode).toBe(requiredFailure ? 1 : 0);
  });

  it('has a switch for every RFC requirement the suite probes, and tests every RFC switch', () => {
    const failable = new Set(Object.values(EXPECTED).flat());
    expect(RFC_PROBE_IDS.filter((id) => !failable.has(id))).toEqual([]);
    expect(RFC_FAULT_SWITCHES.map((info) => info.name).filter((name) => !(name in EXPECTED))).toEqual([]);
  });
});
