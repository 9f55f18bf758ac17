/** Entra ID's provisioning client in its two PATCH dialects (docs/entra-behaviour.md#patch-dialects). */
export { ENTRA_PROFILE, ENTRA_DEFAULT_STYLE } from './entra-default';
export { ENTRA_COMPLIANT_PROFILE, ENTRA_COMPLIANT_STYLE } from './entra-compliant';
export { entraProfile, MEMBER_BATCH_SIZE, type EntraPatchStyle } from './entra-client';
