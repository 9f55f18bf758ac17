/**
 * What the settings hand the judge besides `--fail-on` (a Severity): how many failed entries
 * `sync` and `provision` tolerate (`--max-failures N|P%`).
 */
export type MaxFailures = { readonly kind: 'count'; readonly value: number } | { readonly kind: 'percent'; readonly value: number };
