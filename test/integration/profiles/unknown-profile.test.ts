/**
 * A dialect that names no registered client profile is a usage error (exit 2) found before
 * anything is opened or sent, whichever way it came in: `run`'s dialect list, or a config
 * file's or the environment's `dialect` for `sync`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { ConfigurationError } from '../../../harness/errors';
import { runConformance } from '../../../harness/runner/conformance';
import { runSync } from '../../../harness/runner/sync';
import { useScratchDir } from '../../helpers/scratch-dir';

const scratch = useScratchDir('scim-harness-unknown-profile');
const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
const KNOWN = /must be one of entra, entra-compliant, got "okta"/;

it('run: refuses a dialect list naming an unknown profile, before the output folder or the target exists', async () => {
  const out = path.join(scratch.root(), 'run-out');
  const config = resolveRunConfig({ out, scenario: ['users/create'] }, {});
  const attempt = runConformance(config, io(), { dialects: ['entra', 'okta'] });
  await expect(attempt).rejects.toThrow(ConfigurationError);
  await expect(runConformance(config, io(), { dialects: ['okta'] })).rejects.toThrow(KNOWN);
  expect(existsSync(out)).toBe(false);
});

it('sync: refuses a dialect from the environment naming an unknown profile, before the output folder exists', async () => {
  const out = path.join(scratch.root(), 'sync-out');
  const config = resolveRunConfig({ out, population: 2, cycles: 1 }, { SCIM_HARNESS_DIALECT: 'okta' });
  expect(config.dialect).toBe('okta');
  await expect(runSync(config, io())).rejects.toThrow(KNOWN);
  expect(existsSync(out)).toBe(false);
});
