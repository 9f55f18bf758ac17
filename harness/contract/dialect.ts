/** `entra`: today's default Entra PATCH behaviour. `entra-compliant`: the aadOptscim062020 flag (reference §2.2). */
export type Dialect = 'entra' | 'entra-compliant';
