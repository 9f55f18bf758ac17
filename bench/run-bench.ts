/**
 * `npm run bench`: the harness's initial cycle at N = 10,000 and 100,000 users (or --sizes),
 * each against the bundled server in its own process, compared with a raw HTTP loop sending the
 * same requests. Each size is measured --rounds times (harness and raw loop alternating, each
 * harness run set against the raw runs on either side of it) and its median round reported,
 * since one pair of runs on a shared machine moves by several points. Prints the
 * figures, PASS/MISS per target and a Markdown table, and writes bench-results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessVersion } from '../harness/version';
import { BenchUsageError, parseBenchArgs } from './bench-args';
import { type SizeResult, TARGETS, combineRounds, count, evaluateTargets, formatMarkdown, formatSize, formatTargets, pct, summariseSize } from './bench-report';
import { measureRounds } from './measure-size';

/** dist/bench/ → the package root, where bench-results/ lives (git-ignored). */
const ROOT = path.resolve(__dirname, '..', '..');

function describeMachine(): string {
  const cpus = os.cpus();
  return `Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(`bench: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const resultsDir = path.join(ROOT, 'bench-results');
  const profileDir = path.join(resultsDir, 'profiles');
  if (options.profile) mkdirSync(profileDir, { recursive: true });

  const machine = describeMachine();
  // Read before the benchmark starts anything: later, the load average counts its own processes.
  const loadAtStart = os.loadavg()[0];
  console.log(`scim-harness ${harnessVersion()} benchmark — ${machine}`);
  console.log(`sizes ${options.sizes.map((n) => n.toLocaleString('en-US')).join(', ')}; concurrency ${options.concurrency}; ${options.rounds} round(s) per size${options.profile ? `; ${options.profile} profile of the harness and raw processes into ${profileDir}` : ''}\n`);

  if (loadAtStart > os.cpus().length / 2) {
    console.log(`WARNING: the machine is busy (1-minute load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} CPUs): other processes will compete with the measurement\n`);
  }
  const results: SizeResult[] = [];
  for (const population of options.sizes) {
    const measurements = await measureRounds(population, options.rounds, {
      concurrency: options.concurrency,
      keepOutput: options.keepOutput,
      ...(options.profile ? { profile: options.profile } : {}),
      profileDir,
      scriptDir: __dirname,
      log: (line) => console.log(line),
    });
    const rounds = measurements.map(summariseSize);
    if (options.rounds > 1) {
      rounds.forEach((result, index) => console.log(`  round ${index + 1}: ${count(result.harness.requestsPerSecond)} vs ${count(result.raw.requestsPerSecond)} req/s, ratio ${pct(result.throughputRatio)}`));
    }
    const kept = measurements.flatMap((measurement) => (measurement.outDir ? [measurement.outDir] : []));
    const result = combineRounds(rounds);
    results.push(result);
    console.log(`\n${formatSize(result)}${kept.length > 0 ? `\n  harness output kept in ${kept.join(', ')}` : ''}\n`);
  }

  const targets = evaluateTargets(results);
  console.log(formatTargets(targets));
  const markdown = formatMarkdown(results, machine);
  console.log(`\nMarkdown for the README:\n\n${markdown}\n`);

  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'latest.json');
  writeFileSync(
    file,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), harnessVersion: harnessVersion(), machine, node: process.version, cpus: os.cpus().length, concurrency: options.concurrency, rounds: options.rounds, loadAverageAtStart: loadAtStart, targets: TARGETS, results, targetResults: targets, markdown }, null, 2)}\n`,
  );
  console.log(`Results written to ${path.relative(process.cwd(), file) || file}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
