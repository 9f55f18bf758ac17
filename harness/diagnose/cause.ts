/**
 * A root cause as the diagnosis modules name it: what is wrong, what it breaks in real Entra
 * provisioning and what to change (docs/diagnosis.md#causes). A module states its causes as
 * data and turns one into a recorded `Diagnosis` with the exchanges that prove it.
 */
import { type Diagnosis } from '../contract/root-cause';
import { type Severity } from '../contract/severity';

export interface CauseSpec {
  /** Stable id, `<family>/<cause>`, e.g. `request/unknown-schema-uri-rejected`: baselines and reports name it. */
  readonly id: string;
  /** Names the cause, not the symptom. */
  readonly title: string;
  /**
   * required: Entra provisioning fails or loses data, or a MUST/SHALL of the RFC is broken;
   * recommended: a SHOULD, or a failure Entra tolerates; advisory: what the RFC allows but a
   * stricter client might not (docs/diagnosis.md#severity).
   */
  readonly severity: Severity;
  readonly fix: string;
  readonly impact: string;
  readonly consequence: Diagnosis['consequence'];
  readonly operations: readonly string[];
  readonly spec: string;
}

export interface DiagnosisFacts {
  readonly evidence: readonly string[];
  readonly serverDetail?: string;
  readonly workaround?: string;
  readonly scenarioId?: string;
  readonly dialect?: string;
}

/** Where established causes go: the run's recorder (a `diagnosis` line of run.ndjson). */
export interface DiagnosisSink {
  diagnosis(diagnosis: Diagnosis): void;
}

export function diagnosisOf(cause: CauseSpec, facts: DiagnosisFacts): Diagnosis {
  return Object.freeze({
    cause: cause.id,
    title: cause.title,
    severity: cause.severity,
    fix: cause.fix,
    impact: cause.impact,
    consequence: cause.consequence,
    operations: Object.freeze([...cause.operations]),
    spec: cause.spec,
    evidence: Object.freeze([...facts.evidence]),
    ...(facts.serverDetail !== undefined ? { serverDetail: facts.serverDetail } : {}),
    ...(facts.workaround !== undefined ? { workaround: facts.workaround } : {}),
    ...(facts.scenarioId !== undefined ? { scenarioId: facts.scenarioId } : {}),
    ...(facts.dialect !== undefined ? { dialect: facts.dialect } : {}),
  });
}
