/**
 * The same kind of scenario in TypeScript: validated when loaded, so a typo fails before any request.
 *   npx scim-harness run --scenario ./examples/custom-scenario/job-title-cleared.ts
 */
import { defineScenario } from '../../harness/scenario/define-scenario';

export default defineScenario({
  id: 'vendor/job-title-cleared',
  title: 'Clearing a job title leaves the old value in the target',
  tags: ['vendor', 'users'],
  // Entra does not clear values outbound: nothing is sent (docs/entra-behaviour.md#attribute-clearing).
  covers: 'Entra: clearing attribute values is not supported outbound (docs/entra-behaviour.md#attribute-clearing)',
  steps: [
    { addUser: { ref: 'grace', jobTitle: 'Rear Admiral' } },
    { cycle: 'initial' },
    { updateUser: { ref: 'grace', set: { jobTitle: null } } },
    { cycle: 'incremental' },
    { expectEntry: { ref: 'grace', action: 'other', status: 'skipped' } },
    { expectTarget: { ref: 'grace', attributes: { title: 'Rear Admiral' } } },
  ],
});
