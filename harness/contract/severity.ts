/**
 * `required`: Entra would fail, or an RFC says MUST. `recommended`: SHOULD, or Entra gallery
 * guidance. `advisory`: worth knowing, never a gate unless asked.
 */
export type Severity = 'required' | 'recommended' | 'advisory';
