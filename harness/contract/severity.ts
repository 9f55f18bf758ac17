/**
 * `required`: Entra provisioning fails or loses data, or a MUST/SHALL of RFC 7643/7644 is broken.
 * `recommended`: a SHOULD, or a failure Entra tolerates. `advisory`: what the RFC allows but a
 * stricter client might not; never a gate unless asked (docs/diagnosis.md#severity).
 */
export type Severity = 'required' | 'recommended' | 'advisory';
