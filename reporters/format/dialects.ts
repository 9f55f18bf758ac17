/**
 * The dialects (client profiles) a run played, as every report's header names them: a conformance
 * run plays each scenario in each selected dialect, so its plan's scenario runs (`id@dialect`) say
 * which ran; a sync or provision plays the one dialect of its settings.
 */
import { type RunPlan } from '../reporter';

export function planDialects(plan: Pick<RunPlan, 'dialect' | 'scenarios'>): string[] {
  const dialectOf = (id: string): string => (id.includes('@') ? id.slice(id.lastIndexOf('@') + 1) : '');
  const fromScenarios = [...new Set(plan.scenarios.map((scenario) => dialectOf(scenario.id)).filter((dialect) => dialect !== ''))];
  return fromScenarios.length > 0 ? fromScenarios : [plan.dialect];
}

/** "dialect entra" or "dialects entra, entra-compliant". */
export function describeDialects(dialects: readonly string[]): string {
  return `${dialects.length > 1 ? 'dialects' : 'dialect'} ${dialects.join(', ')}`;
}
