/**
 * Scenarios in TypeScript: `export default defineScenario({...})`. The same validation as a
 * YAML file, at load time, so a typo fails before any request is sent.
 */
import { validateScenario } from './load-scenarios';
import { type Scenario } from './scenario-types';

export function defineScenario(scenario: Scenario): Scenario {
  return validateScenario(scenario, `scenario "${scenario.id ?? scenario.title}"`, scenario.id);
}
