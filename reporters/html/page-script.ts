/**
 * The report page's script, as the text report.html inlines.
 *
 * The script is TypeScript in ./page/ with a DOM tsconfig of its own (the project's programs have
 * no DOM types, and the page has no Node), typechecked by `npm run typecheck` and linted. It
 * reaches the page by serialising its one function with Function.prototype.toString(): whatever
 * compiled the module (ts-jest in the tests, tsc into dist/ for the CLI) already turned it into
 * plain JavaScript, so no compiler is needed at report time (typescript is only a devDependency)
 * and no asset has to be found beside the code. The page folder is outside the project's program,
 * so the module is loaded with require() rather than imported; `npm run build` compiles it into
 * dist/reporters/html/page/ with the page tsconfig, where this require() finds it.
 */

interface PageModule {
  readonly reportPage: () => void;
}

let source: string | null = null;

export function pageScript(): string {
  if (source === null) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- outside this program on purpose (DOM types)
    const page = require('./page/report-page') as PageModule;
    source = `(${page.reportPage.toString()})();\n`;
  }
  return source;
}
