/**
 * Source for a child `node -e` script: compiles each .ts file on require (as ts-jest does), so a
 * test's child process runs the sources as they are, without a build. TypeScript is required by
 * its absolute path, so the child may run in any folder. With SCIMH_TEST_CACHE set in the child's
 * environment, each file is transpiled once into that folder and read back by every later child.
 * Its names live in a block of their own, so the script it starts may declare its own `fs` or `path`.
 */
export const TS_REQUIRE_HOOK = `{
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const cache = process.env.SCIMH_TEST_CACHE;
let ts;
const transpile = (source, filename) => {
  ts = ts || require(${JSON.stringify(require.resolve('typescript'))});
  return ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  }).outputText;
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  if (!cache) return module._compile(transpile(source, filename), filename);
  const key = crypto.createHash('sha1').update(filename).update('\\0').update(source).digest('hex');
  const cached = path.join(cache, key + '.js');
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    // Written aside and renamed: children running at once never read a half-written file.
    const temp = cached + '.' + process.pid;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, cached);
  }
  module._compile(code, filename);
};
}
`;
