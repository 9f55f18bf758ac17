/**
 * Every client profile the harness knows, by id. The built-in Entra profiles are registered
 * here; a library user or a test registers another with `registerProfile`. Every list of
 * dialects (the `--dialect` choices, `run`'s default, the `--help` text, scenario validation)
 * is read from this registry, so adding a profile is its folder plus one registration.
 */
import { ConfigurationError } from '../errors';
import { type ClientProfile, type ProfileId } from './client-profile';
import { ENTRA_COMPLIANT_PROFILE, ENTRA_PROFILE } from './entra';

/** The profile a run uses when nothing selects one. */
export const DEFAULT_PROFILE_ID: ProfileId = ENTRA_PROFILE.id;

/** Lower-case letters, digits and dashes: an id is a flag value, a JUnit classname part and a file-name part. */
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const profiles = new Map<ProfileId, ClientProfile>();

/** Adds a profile. Throws on an id that is malformed or already taken (a profile is never replaced silently). */
export function registerProfile(profile: ClientProfile): ClientProfile {
  if (typeof profile.id !== 'string' || !ID_PATTERN.test(profile.id)) {
    throw new ConfigurationError(`a client profile id must be lower-case letters, digits and dashes, got ${JSON.stringify(profile.id)} (e.g. "okta")`);
  }
  if (profiles.has(profile.id)) throw new ConfigurationError(`a client profile "${profile.id}" is already registered (known profiles: ${profileIds().join(', ')})`);
  profiles.set(profile.id, profile);
  return profile;
}

/** The ids of every registered profile, built-in ones first, in registration order. */
export function profileIds(): readonly ProfileId[] {
  return [...profiles.keys()];
}

export function registeredProfiles(): readonly ClientProfile[] {
  return [...profiles.values()];
}

export function isProfileId(id: string): boolean {
  return profiles.has(id);
}

/**
 * The profile with this id. An unknown id is a usage error naming every known id, thrown before
 * anything is sent (exit 2), e.g. `--dialect must be one of entra, entra-compliant, got "okta"`.
 */
export function clientProfile(id: string, flag = '--dialect'): ClientProfile {
  const profile = profiles.get(id);
  if (profile) return profile;
  throw new ConfigurationError(`${flag} must be one of ${profileIds().join(', ')}, got ${JSON.stringify(id)} (the registered client profiles; e.g. ${flag} ${DEFAULT_PROFILE_ID})`);
}

/** `--help` text: one "id: description" per profile. */
export function describeProfiles(): string {
  return registeredProfiles()
    .map((profile) => `${profile.id}${profile.id === DEFAULT_PROFILE_ID ? ' (default)' : ''}: ${profile.description}`)
    .join('; ');
}

registerProfile(ENTRA_PROFILE);
registerProfile(ENTRA_COMPLIANT_PROFILE);
