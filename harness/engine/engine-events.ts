/**
 * What the engine emits. The engine only appends: it hands each event on once and never touches
 * it again; the run's recorder writes run.ndjson, tallies and feeds reporters. Exchanges outside
 * any entry (Test Connection's) are recorded by the client that performed them.
 */
import { type CycleEndEvent, type CycleStartEvent } from '../contract/run-events';
import { type LogEntry } from '../contract/log-entry';

export interface EngineEvents {
  entry(entry: LogEntry): void;
  cycleStart(event: CycleStartEvent): void;
  cycleEnd(event: CycleEndEvent): void;
  notice(level: 'info' | 'warning' | 'error', message: string): void;
}
