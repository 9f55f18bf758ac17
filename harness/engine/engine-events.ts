/**
 * What the engine emits. The engine only appends: it hands each event on once and never touches
 * it again; the run's recorder writes run.ndjson, tallies and feeds reporters.
 */
import { type CycleEndEvent, type CycleStartEvent } from '../contract/run-events';
import { type LogEntry } from '../contract/log-entry';
import { type Exchange } from '../contract/exchange';

export interface EngineEvents {
  entry(entry: LogEntry): void;
  /** An exchange that belongs to no single object's entry: probes, discovery, read-backs, cleanup. */
  exchange(purpose: string, exchange: Exchange): void;
  cycleStart(event: CycleStartEvent): void;
  cycleEnd(event: CycleEndEvent): void;
  notice(level: 'info' | 'warning' | 'error', message: string): void;
}
