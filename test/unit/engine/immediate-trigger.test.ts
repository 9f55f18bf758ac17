/** A profile's quarantine rules decide which failures quarantine the job at once (docs/entra-behaviour.md#quarantine-triggers). */
import { immediateTrigger } from '../../../harness/engine/job-context';
import { type ClientProfile } from '../../../harness/profiles/client-profile';
import { ENTRA_PROFILE } from '../../../harness/profiles/entra';

const credentials = { kind: 'credentials' as const, jobErrorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure', message: '401' };
const compliance = { kind: 'compliance' as const, jobErrorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible', message: '404 on a filter' };

it("keeps both of Entra's immediate triggers", () => {
  expect(immediateTrigger(ENTRA_PROFILE, credentials)).toBe(credentials);
  expect(immediateTrigger(ENTRA_PROFILE, compliance)).toBe(compliance);
  expect(immediateTrigger(ENTRA_PROFILE, undefined)).toBeUndefined();
});

it('drops a trigger the profile does not quarantine on at once', () => {
  const credentialsOnly: ClientProfile = { ...ENTRA_PROFILE, id: 'credentials-only', quarantine: { thresholds: 'entra', immediate: ['credentials'] } };
  expect(immediateTrigger(credentialsOnly, credentials)).toBe(credentials);
  expect(immediateTrigger(credentialsOnly, compliance)).toBeUndefined();
});
