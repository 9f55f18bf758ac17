/**
 * A client profile that is not Entra's, to show that a profile is one folder plus its tests:
 * an RFC 7644 client with its own habits, each recognisably unlike either Entra dialect.
 *
 * - Test Connection probes /Users only, with `count=1`; matches ask for `count=2` (enough to see
 *   a duplicate) and never exclude members; group reads by id send no query.
 * - Creates carry no `meta` (RFC 7644 §3.3: meta is the service provider's to write).
 * - Updates are one lower-case `replace` per attribute, even for an attribute that had no value;
 *   clearing is `remove`.
 * - Disable is a path-less `replace` with `{"active": false}` (RFC 7644 §3.5.2.3).
 * - The manager is written as a bare id, and cleared with `remove`.
 * - Members go one per request; removal is `remove` with a value list.
 * - Only rejected credentials quarantine at once.
 */
import { MANAGER_PATH } from '../../../../harness/mapping/attribute-path';
import { buildCreateBody } from '../../../../harness/mapping/scim-body';
import { type ClientProfile } from '../../../../harness/profiles/client-profile';
import { eqFilter, patchBody, SCIM_RESPONSES } from '../../../../harness/profiles/scim-core';

export const TEST_PROFILE_ID = 'rfc-test-client';

export const TEST_PROFILE: ClientProfile = {
  id: TEST_PROFILE_ID,
  description: 'A plain RFC 7644 client, for the tests',
  probe: (_mapping, randomValue) => [{ objectType: 'User', endpoint: '/Users', query: { filter: eqFilter('userName', randomValue()), count: '1' } }],
  matchQuery: (_objectType, attributePath, value) => ({ filter: eqFilter(attributePath, value), count: '2' }),
  readQuery: () => undefined,
  createBody: (_objectType, view, objectMapping) => {
    const { meta: _meta, ...body } = buildCreateBody(view, objectMapping);
    return body;
  },
  updatePatch: (changes) => {
    const relevant = changes.filter((change) => change.path !== 'active' && change.path !== MANAGER_PATH && change.path !== 'members' && change.oldValue !== change.newValue);
    if (relevant.length === 0) return null;
    return patchBody(relevant.map((change) => (change.newValue === null || change.newValue === '' ? { op: 'remove', path: change.path } : { op: 'replace', path: change.path, value: change.newValue })));
  },
  activePatch: (active) => patchBody([{ op: 'replace', value: { active } }]),
  managerPatch: (managerTargetId) => patchBody([managerTargetId === null || managerTargetId === '' ? { op: 'remove', path: MANAGER_PATH } : { op: 'replace', path: MANAGER_PATH, value: managerTargetId }]),
  memberPatches: (addIds, removeIds) => [
    ...addIds.map((id) => patchBody([{ op: 'add', path: 'members', value: [{ value: id }] }])),
    ...removeIds.map((id) => patchBody([{ op: 'remove', path: 'members', value: [{ value: id }] }])),
  ],
  responses: SCIM_RESPONSES,
  retry: { escrow: 'entra', throttle: 'retry-after' },
  quarantine: { thresholds: 'entra', immediate: ['credentials'] },
};
