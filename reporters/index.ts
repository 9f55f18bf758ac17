/** The reporters' public API: the contract, the built-ins, the registry and the multiplexer. */
export type * from './reporter';
export type * from './reporter-options';
export { createMultiplexer, type Multiplexer, type MultiplexerOptions, type ReporterFailure, type ReporterHook } from './multiplexer';
export {
  BUILTIN_REPORTERS,
  createReporters,
  isReporterPath,
  loadCustomReporter,
  type BuiltinReporter,
  type CreateReportersOptions,
} from './registry';
export { ConsoleReporter, createConsoleReporter } from './console-reporter';
export { buildJsonReport, createJsonReporter, JSON_REPORT_FILE, JSON_REPORT_VERSION, JsonReporter, type JsonReport } from './json-reporter';
export { createJunitReporter, JUNIT_REPORT_FILE, JunitReporter, renderJunitXml } from './junit-reporter';
export { createMarkdownReporter, MARKDOWN_REPORT_FILE, MarkdownReporter, renderMarkdownSummary } from './markdown-reporter';
export { createCsvReporter, CSV_REPORT_FILES, CsvReporter } from './csv-reporter';
export { createHtmlReporter, HTML_REPORT_FILE, HtmlReporter, renderHtmlReport, type HtmlReporterOptions } from './html-reporter';
export { createColors, detectColor, type Colors } from './format/colors';
export { statusPanelRows, formatStatusPanel, describeCycleState, type StatusRow } from './format/status-panel';
export { summaryLines } from './format/summary';
export { buildAnnotations, createGithubReporter, escapeData, escapeProperty, formatAnnotation, GithubReporter, type Annotation, type AnnotationLevel } from './github-reporter';
