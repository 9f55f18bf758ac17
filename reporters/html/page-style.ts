/** The report's stylesheet: system fonts only (the file opens offline), readable when printed. */
export const PAGE_STYLE = `
:root {
  --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --accent: #0969da;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1280px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 20px 0 8px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-word; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--border); }
th { background: var(--panel); font-weight: 600; position: sticky; top: 0; }
details > summary { cursor: pointer; }
.banner { margin: 0 -24px 16px; padding: 20px 24px; border-bottom: 4px solid; }
.banner-passed { background: var(--ok-bg); border-color: var(--ok); }
.banner-failed { background: var(--bad-bg); border-color: var(--bad); }
.banner-quarantined { background: #ffd8d3; border-color: #a40e26; }
.banner-interrupted { background: var(--warn-bg); border-color: var(--warn); }
.banner .outcome { text-transform: uppercase; font-weight: 700; letter-spacing: .04em; font-size: 12px; }
.banner .meta { color: var(--muted); font-size: 12.5px; }
.callout { border: 1px solid var(--border); border-left: 4px solid; border-radius: 6px; padding: 10px 14px; margin: 10px 0; background: var(--bg); }
.callout-bad { border-left-color: var(--bad); }
.callout-warn { border-left-color: var(--warn); background: var(--warn-bg); }
.callout-ok { border-left-color: var(--ok); }
.callout p { margin: 4px 0; }
.status-panel { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; }
.status-panel dt { color: var(--muted); }
.status-panel dd { margin: 0; }
.progress { height: 8px; background: var(--border); border-radius: 4px; overflow: hidden; margin: 4px 0 12px; }
.progress > span { display: block; height: 100%; background: var(--accent); }
.tone-ok { color: var(--ok); } .tone-bad { color: var(--bad); font-weight: 600; } .tone-warn { color: var(--warn); }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.badge-passed, .badge-success { background: var(--ok-bg); color: var(--ok); }
.badge-failed, .badge-failure, .badge-required { background: var(--bad-bg); color: var(--bad); }
.badge-skipped, .badge-advisory { background: var(--panel); color: var(--muted); border-color: var(--border); }
.badge-recommended, .badge-warning { background: var(--warn-bg); color: var(--warn); }
.badge-blocked, .badge-inconclusive { background: var(--panel); color: var(--warn); border-color: var(--warn); border-style: dashed; }
.headline-figure { float: right; margin: 0 0 8px 24px; text-align: right; color: var(--fg); text-decoration: none; line-height: 1.15; }
.headline-figure .figure-number { display: block; font-size: 34px; font-weight: 700; }
.headline-figure .figure-note { display: block; font-size: 12px; color: var(--muted); }
.cause-title { font-weight: 600; }
.cause-fix { margin: 2px 0; }
.drill > summary { color: var(--accent); font-size: 12.5px; }
.occurrences { margin: 4px 0; padding-left: 20px; }
.finding { border: 1px solid var(--border); border-radius: 6px; margin: 8px 0; padding: 6px 12px; }
.finding dl, .kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.finding dt, .kv dt { color: var(--muted); }
.finding dd, .kv dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
.exchange { border-top: 1px dashed var(--border); padding-top: 6px; margin-top: 6px; }
.exchange h5 { margin: 6px 0 2px; font-size: 12px; color: var(--muted); text-transform: uppercase; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; }
.chart { border: 1px solid var(--border); border-radius: 6px; padding: 10px; margin: 0; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-canvas { position: relative; height: 260px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 8px 0; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: 4px 6px; border: 1px solid var(--border); border-radius: 6px; min-width: 140px; }
.column-chooser { position: relative; }
.column-chooser .choices { display: grid; grid-template-columns: repeat(2, max-content); gap: 2px 16px; padding: 8px; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); }
.log-scroll { max-height: 520px; overflow: auto; border: 1px solid var(--border); border-radius: 6px; }
.log-scroll table { margin: 0; }
#log-table tbody tr { cursor: pointer; }
#log-table tbody tr:hover { background: #f0f6ff; }
#log-table tbody tr.selected { background: #ddf4ff; }
.log-detail { border: 1px solid var(--border); border-radius: 6px; margin-top: 12px; padding: 12px 16px; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--border); margin: 8px 0; }
.tabs button { font: inherit; background: none; border: 1px solid transparent; border-bottom: none; padding: 6px 12px; border-radius: 6px 6px 0 0; cursor: pointer; color: var(--muted); }
.tabs button[aria-selected="true"] { border-color: var(--border); background: var(--bg); color: var(--fg); font-weight: 600; margin-bottom: -1px; }
.steps { padding-left: 20px; }
.steps li { margin-bottom: 8px; }
.muted { color: var(--muted); }
.note { font-size: 12.5px; color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
.toolbar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; background: var(--bg); border-bottom: 1px solid var(--border); padding: 6px 0; margin: 8px 0 0; }
.toolbar input[type="search"] { font: inherit; padding: 3px 8px; border: 1px solid var(--border); border-radius: 6px; min-width: 300px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.chip-label { font-size: 12px; color: var(--muted); margin-left: 6px; }
.chip { font: inherit; font-size: 12px; border: 1px solid var(--border); border-radius: 12px; background: var(--panel); padding: 0 8px; cursor: pointer; }
.chip[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.chip-failed, .chip-required, .chip-failure { color: var(--bad); }
.chip-inconclusive, .chip-blocked { color: var(--warn); }
.chip-count { font-weight: 600; }
#root-causes h2, #failed-scenarios h2 { margin-top: 16px; }
.failed-list { margin: 4px 0; padding-left: 20px; }
.sortable-header { cursor: pointer; user-select: none; }
.sortable-header[aria-sort="ascending"]::after { content: " ▲"; }
.sortable-header[aria-sort="descending"]::after { content: " ▼"; }
.permalink { color: var(--muted); text-decoration: none; font-size: 12px; }
.targeted { outline: 2px solid var(--accent); outline-offset: 2px; }
/* A deep-linked item lands below the sticky toolbar (two rows of chips), not under it. */
[data-link], .log-detail { scroll-margin-top: 120px; }
#scenario-jobs td:nth-child(2), #scenario-jobs td:nth-child(9) { white-space: nowrap; }
.pager { display: flex; gap: 8px; align-items: center; margin: 6px 0; font-size: 12.5px; }
[hidden] { display: none !important; }
@media print {
  .toolbar, .filters, .column-chooser, .tabs, .pager, .permalink, #log-loading { display: none !important; }
  .log-scroll, pre { max-height: none; overflow: visible; }
  th { position: static; }
  /* Every section expanded: closed <details> show their content (the page also opens them before printing). */
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: block; }
  main > section { break-before: page; }
  main > section#root-causes, main > section#failed-scenarios { break-before: auto; }
  tr, .finding, .exchange { break-inside: avoid; }
}
`;
