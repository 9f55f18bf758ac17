/** The benchmark's command line: `npm run bench -- --sizes 1000,10000 --concurrency 8`. */
import { DEFAULTS } from '../harness/config/run-config';

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly concurrency: number;
  /** Measurements per size (harness, then raw loop, each time); the median ratio is reported. */
  readonly rounds: number;
  /** Keep each size's harness output folder (run.ndjson, report.json) instead of deleting it. */
  readonly keepOutput: boolean;
  /** Profile the harness and raw processes: V8 CPU profile or sampling heap profile into bench-results/profiles. */
  readonly profile?: 'cpu' | 'heap';
}

export const DEFAULT_SIZES: readonly number[] = [10_000, 100_000];
/**
 * On a shared two-core machine one pair of runs moves by several points of ratio from run to run
 * (other work takes the cores the harness and the server need); three pairs give a median.
 */
export const DEFAULT_ROUNDS = 3;

export const USAGE = `Usage: npm run bench -- [--sizes 10000,100000] [--concurrency ${DEFAULTS.concurrency}] [--rounds ${DEFAULT_ROUNDS}] [--keep-output] [--profile cpu|heap]`;

export class BenchUsageError extends Error {}

function valueOf(args: readonly string[], index: number, flag: string, example: string): string {
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`${flag} needs a value, got none (e.g. ${flag} ${example})`);
  return value;
}

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let sizes = DEFAULT_SIZES;
  let concurrency: number = DEFAULTS.concurrency;
  let rounds = DEFAULT_ROUNDS;
  let keepOutput = false;
  let profile: BenchOptions['profile'];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (example: string): string => {
      if (inline !== undefined) return inline;
      const value = valueOf(args, i, flag, example);
      i += 1;
      return value;
    };
    switch (flag) {
      case '--sizes': {
        const text = take('1000,10000');
        const parsed = text.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
        if (parsed.length === 0 || parsed.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000_000)) {
          throw new BenchUsageError(`--sizes must be a comma-separated list of user counts from 1 to 10,000,000, got "${text}" (e.g. --sizes 1000,10000)`);
        }
        sizes = parsed;
        break;
      }
      case '--concurrency': {
        const text = take(String(DEFAULTS.concurrency));
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new BenchUsageError(`--concurrency must be a whole number from 1 to 256, got "${text}" (e.g. --concurrency ${DEFAULTS.concurrency}, the harness default)`);
        concurrency = n;
        break;
      }
      case '--rounds': {
        const text = take(String(DEFAULT_ROUNDS));
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 25) throw new BenchUsageError(`--rounds must be a whole number from 1 to 25, got "${text}" (e.g. --rounds ${DEFAULT_ROUNDS}; an odd number has a true median)`);
        rounds = n;
        break;
      }
      case '--keep-output':
        keepOutput = true;
        break;
      case '--profile': {
        const text = take('cpu');
        if (text !== 'cpu' && text !== 'heap') throw new BenchUsageError(`--profile must be cpu or heap, got "${text}" (e.g. --profile cpu)`);
        profile = text;
        break;
      }
      case '--help':
      case '-h':
        throw new BenchUsageError(USAGE);
      default:
        throw new BenchUsageError(`unknown option "${arg}" (${USAGE.replace(/^Usage: /, 'usage: ')})`);
    }
  }
  return { sizes, concurrency, rounds, keepOutput, ...(profile ? { profile } : {}) };
}
