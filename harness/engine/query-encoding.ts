/**
 * The profile's query encoding as the part of a request that carries it: nothing when the profile
 * keeps the client's default, so requests of other profiles stay exactly as they were.
 */
import { type ClientProfile } from '../profiles/client-profile';

export function queryEncodingOf(profile: Pick<ClientProfile, 'queryEncoding'>): { readonly queryEncoding?: 'percent' | 'form' } {
  return profile.queryEncoding === undefined ? {} : { queryEncoding: profile.queryEncoding };
}
