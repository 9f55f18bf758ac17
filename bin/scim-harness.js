#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm ci` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'harness', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('scim-harness is not built: dist/ is missing (run `npm ci` or `npm run build` in the project folder first)\n');
  process.exit(2);
}
const cli = require(entry);
// This process is the harness's own: its heap may be tuned for long runs (see harness/cli/heap-growth.ts).
cli.boundOldGenerationGrowth();
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() answers every error itself; this is the last net, one line unless asked for the stack.
    const debug = process.env.SCIM_HARNESS_DEBUG && process.env.SCIM_HARNESS_DEBUG !== '0';
    const text = debug && error && error.stack ? error.stack : String(error && error.message ? error.message : error).split('\n')[0];
    process.stderr.write(`scim-harness: unexpected error: ${text}${debug ? '' : ' (set SCIM_HARNESS_DEBUG=1 for the stack)'}\n`);
    process.exitCode = 1;
  },
);
