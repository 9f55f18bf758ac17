/**
 * The same kind of scenario in TypeScript: validated when loaded, so a typo fails before any request.
 *   npx scim-harness run --scenario ./examples/custom-scenario/job-title-cleared.ts
 */
import { defineScenario } from '../../harness/scenario/define-scenario';

export default defineScenario({
  id: 'vendor/job-title-cleared',
  title: 'Clearing a job title removes it in the target',
  tags: ['vendor', 'users'],
  covers: 'RFC 7644 §3.5.2.2 (remove)',
  steps: [
    { addUser: { ref: 'grace', jobTitle: 'Rear Admiral' } },
    { cycle: 'initial' },
    { updateUser: { ref: 'grace', set: { jobTitle: null } } },
    { cycle: 'incremental' },
    { expectEntry: { ref: 'grace', action: 'update', status: 'success' } },
    { expectTarget: { ref: 'grace', attributes: { title: null } } },
  ],
});
