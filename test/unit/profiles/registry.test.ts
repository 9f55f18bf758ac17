/** The client-profile registry: the one list of dialects every other list is read from. */
import { provisioningOptions } from '../../../harness/cli/options';
import { DEFAULTS } from '../../../harness/config/run-config';
import { ConfigurationError } from '../../../harness/errors';
import { type ClientProfile } from '../../../harness/profiles/client-profile';
import { ENTRA_COMPLIANT_PROFILE, ENTRA_PROFILE } from '../../../harness/profiles/entra';
import { clientProfile, DEFAULT_PROFILE_ID, describeProfiles, isProfileId, profileIds, registerProfile } from '../../../harness/profiles/registry';
import { validateScenario } from '../../../harness/scenario/load-scenarios';

const other = (id: string): ClientProfile => ({ ...ENTRA_PROFILE, id, description: `the ${id} client` });

describe('built-in profiles', () => {
  it("are Entra's two dialects, the default first", () => {
    expect(profileIds()).toEqual(['entra', 'entra-compliant']);
    expect(DEFAULT_PROFILE_ID).toBe('entra');
    expect(DEFAULTS.dialect).toBe(DEFAULT_PROFILE_ID);
    expect(clientProfile('entra')).toBe(ENTRA_PROFILE);
    expect(clientProfile('entra-compliant')).toBe(ENTRA_COMPLIANT_PROFILE);
  });

  it('give the --dialect choices and help text', () => {
    expect(provisioningOptions.dialect.choices).toEqual(['entra', 'entra-compliant']);
    expect(describeProfiles()).toMatch(/^entra \(default\): Entra ID's default SCIM client .*; entra-compliant: Entra ID with the aadOptscim062020 flag/);
    expect(provisioningOptions.dialect.describe).toContain(describeProfiles());
  });
});

describe('clientProfile', () => {
  it('names every known id when asked for an unknown one', () => {
    expect(() => clientProfile('okta')).toThrow(ConfigurationError);
    expect(() => clientProfile('okta')).toThrow('--dialect must be one of entra, entra-compliant, got "okta"');
    expect(() => clientProfile('Entra', 'dialects[0]')).toThrow(/^dialects\[0\] must be one of entra, entra-compliant, got "Entra"/);
    expect(isProfileId('okta')).toBe(false);
  });
});

describe('registerProfile', () => {
  it('adds a profile after the built-in ones, selectable by its id and listed in unknown-id errors', () => {
    const okta = registerProfile(other('okta-like'));
    expect(clientProfile('okta-like')).toBe(okta);
    expect(profileIds()).toEqual(['entra', 'entra-compliant', 'okta-like']);
    expect(() => clientProfile('nope')).toThrow('must be one of entra, entra-compliant, okta-like, got "nope"');
  });

  it('refuses an id already taken, and a malformed id', () => {
    expect(() => registerProfile(other('entra'))).toThrow('a client profile "entra" is already registered');
    expect(clientProfile('entra')).toBe(ENTRA_PROFILE);
    for (const id of ['', 'Okta', 'okta like', 'okta/2', '-okta']) expect(() => registerProfile(other(id))).toThrow(/lower-case letters, digits and dashes/);
  });

  it("makes scenario files' dialects follow the registry", () => {
    const scenario = (dialects: string[]): unknown => ({ title: 't', tags: ['users'], covers: 'RFC 7644 §3.3', dialects, steps: [{ cycle: 'initial' }] });
    expect(() => validateScenario(scenario(['entra', 'unknown-client']), 'x.yaml', 'x')).toThrow('x.yaml: dialects[1] must be one of entra, entra-compliant, okta-like, got "unknown-client"');
    expect(validateScenario(scenario(['okta-like']), 'x.yaml', 'x').dialects).toEqual(['okta-like']);
  });
});
