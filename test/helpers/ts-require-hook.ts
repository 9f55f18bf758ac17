/**
 * Source for a child `node -e` script: compiles each .ts file on require (as ts-jest does), so a
 * test's child process runs the sources as they are, without a build.
 */
export const TS_REQUIRE_HOOK = `
const fs = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(output.outputText, filename);
};
`;
