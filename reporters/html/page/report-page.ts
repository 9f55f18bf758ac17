/**
 * The report page's own script, typed against the DOM (this folder's tsconfig.json) and linted.
 *
 * It reads the JSON embedded in report.html and builds every node with textContent or
 * attributes, never innerHTML, so nothing the target sent is ever parsed as markup. It gives the
 * page what a reader of Playwright's report or the Entra provisioning logs blade expects: status
 * chips that filter, a search over root causes, scenarios, findings and log entries, deep links
 * (#cause=…, #scenario=…, #finding=…, #entry=…), sortable tables, and a log viewer that pages through every
 * entry of the run, loading the entry chunks written beside the report when it needs them.
 *
 * How it reaches the page: `reportPage` is serialised with Function.prototype.toString() by
 * ../page-script.ts and inlined as `(function reportPage() {…})();`. So the whole script lives
 * inside this one function and imports nothing at run time (only types): a reference to another
 * module would compile to a `require` the page does not have. Both ts-jest and tsc compile it to
 * the same plain function, so the tests run exactly what `dist/` inlines.
 */
import type { PageData, PageEntry } from './page-data';

/** The little of Chart.js's API the page uses (its UMD build defines the global `Chart`). */
interface ChartConstructor {
  new (canvas: HTMLCanvasElement, config: unknown): unknown;
}

interface Column {
  readonly id: string;
  readonly label: string;
  shown: boolean;
  readonly value: (entry: PageEntry) => string;
  /** What the column sorts by, when not its text (dates by instant, numbers as numbers). */
  readonly sortValue?: (entry: PageEntry) => number | string;
}

interface Tab {
  readonly id: string;
  readonly label: string;
  readonly render: (entry: PageEntry) => Node;
}

type SortDirection = 'ascending' | 'descending';

export function reportPage(): void {
  'use strict';
  const doc = document;
  const byId = <T extends HTMLElement = HTMLElement>(id: string): T | null => doc.getElementById(id) as T | null;
  const dataNode = byId('report-data');
  const data = JSON.parse(dataNode?.textContent || '{}') as Partial<PageData>;
  const cap = data.cap ?? { total: 0, embedded: 0, chunks: [], chunked: 0 };
  const PAGE_SIZE = 100;
  // Must equal CHUNK_CALLBACK in page-data.ts (a value cannot be imported here; a unit test checks).
  const CHUNK_CALLBACK = 'scimHarnessReportEntries';

  const ACTIONS: Record<string, string> = { create: 'Create', update: 'Update', delete: 'Delete', disable: 'Disable', stagedDelete: 'StagedDelete', other: 'Other' };
  const STATUSES: Record<string, string> = { success: 'Success', failure: 'Failure', skipped: 'Skipped', warning: 'Warning' };
  const STATUS_COLORS: Record<string, string> = { Success: '#2da44e', Failure: '#cf222e', Skipped: '#8c959f', Warning: '#bf8700' };

  // ---- Small DOM helpers: text only ------------------------------------------------------
  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Readonly<Record<string, string>> = {},
    children: readonly (Node | string)[] = [],
  ): HTMLElementTagNameMap[K] {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
    return node;
  }
  function clear(node: Node): void {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  const actionName = (action: string): string => ACTIONS[action] ?? action;
  const statusName = (status: string): string => STATUSES[status] ?? status;
  function formatDate(iso: string): string {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 19).replace('T', ' ');
  }
  const identityName = (entry: PageEntry): string =>
    entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.sourceIdentity.id || entry.targetIdentity.id;
  const badge = (text: string, kind: string): HTMLSpanElement => el('span', { className: `badge badge-${kind}`, text });
  const lower = (text: string | null | undefined): string => (text ?? '').toLowerCase();
  const inputValue = (id: string): string => byId<HTMLInputElement | HTMLSelectElement>(id)?.value ?? '';

  /** "a.b" and "a.10" compare as numbers where both are numbers, else as text (numeric collation). */
  function compareValues(a: number | string, b: number | string): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), 'en', { numeric: true, sensitivity: 'base' });
  }

  // ---- Entries: the embedded ones, then every chunk once loaded ----------------------------
  let entries: PageEntry[] = [...(data.entries ?? [])].sort((a, b) => a.harness.index - b.harness.index);
  const pendingChunks = new Map<number, readonly PageEntry[]>();
  let allLoaded = cap.chunks.length === 0;
  let loading: Promise<void> | null = null;

  // A chunk writes the fields all its entries share once (`shared`); each entry gets them back.
  (window as unknown as Record<string, unknown>)[CHUNK_CALLBACK] = (chunk: number, list: readonly Partial<PageEntry>[], shared?: Partial<PageEntry>): void => {
    pendingChunks.set(
      chunk,
      list.map((entry) => ({ ...shared, ...entry }) as PageEntry),
    );
  };

  function loadScript(src: string): Promise<boolean> {
    return new Promise((resolve) => {
      const script = el('script', { src });
      script.addEventListener('load', () => resolve(true));
      script.addEventListener('error', () => resolve(false));
      doc.body.appendChild(script);
    });
  }

  /** Loads every chunk file (once), in order; resolves when the viewer holds every entry it could load. */
  function loadAllEntries(): Promise<void> {
    if (allLoaded) return Promise.resolve();
    loading ??= (async () => {
      const status = byId('log-loading');
      let failed = 0;
      for (let i = 0; i < cap.chunks.length; i += 1) {
        if (status) status.textContent = `Loading entries: file ${i + 1} of ${cap.chunks.length}…`;
        if (!(await loadScript(cap.chunks[i]))) failed += 1;
      }
      const loaded: PageEntry[] = [...entries];
      for (const list of pendingChunks.values()) loaded.push(...list);
      pendingChunks.clear();
      entries = loaded.sort((a, b) => a.harness.index - b.harness.index);
      allLoaded = true;
      if (status) {
        status.textContent =
          failed === 0 ? '' : `${failed} of ${cap.chunks.length} entry files beside the report could not be loaded: keep the ${cap.chunks[0].split('/')[0]} folder next to report.html.`;
      }
    })();
    return loading;
  }

  // ---- Log viewer --------------------------------------------------------------------------
  const COLUMNS: Column[] = [
    { id: 'date', label: 'Date', shown: true, value: (e) => formatDate(e.activityDateTime), sortValue: (e) => Date.parse(e.activityDateTime) || 0 },
    { id: 'identity', label: 'Identity', shown: true, value: identityName },
    { id: 'action', label: 'Action', shown: true, value: (e) => actionName(e.provisioningAction) },
    { id: 'source-system', label: 'Source System', shown: true, value: (e) => e.sourceSystem.displayName },
    { id: 'target-system', label: 'Target System', shown: true, value: (e) => e.targetSystem.displayName },
    { id: 'status', label: 'Status', shown: true, value: (e) => statusName(e.provisioningStatusInfo.status) },
    { id: 'cycle', label: 'Cycle', shown: true, value: (e) => `${e.harness.cycleNumber} (${e.harness.cycleKind})`, sortValue: (e) => e.harness.cycleNumber },
    { id: 'error-code', label: 'Error Code', shown: false, value: (e) => e.provisioningStatusInfo.errorInformation?.errorCode ?? '' },
    { id: 'job-id', label: 'Job ID', shown: false, value: (e) => e.jobId },
    { id: 'cycle-id', label: 'Cycle ID', shown: false, value: (e) => e.cycleId },
    { id: 'change-id', label: 'Change ID', shown: false, value: (e) => e.changeId },
    { id: 'source-id', label: 'Source ID', shown: false, value: (e) => e.sourceIdentity.id },
    { id: 'target-id', label: 'Target ID', shown: false, value: (e) => e.targetIdentity.id },
    { id: 'duration', label: 'Duration', shown: false, value: (e) => `${e.durationInMilliseconds} ms`, sortValue: (e) => e.durationInMilliseconds },
    { id: 'scenario', label: 'Scenario', shown: false, value: (e) => e.harness.scenarioId ?? '' },
  ];

  const table = byId<HTMLTableElement>('log-table');
  let shownEntries: PageEntry[] = [];
  let page = 0;
  let sort: { column: Column; direction: SortDirection } | null = null;
  let selectedId: string | null = null;
  let currentTab = 'steps';
  let currentEntry: PageEntry | null = null;

  function applyColumns(): void {
    const style = byId('log-column-style');
    if (!style) return;
    const hidden = COLUMNS.filter((c) => !c.shown).map((c) => `#log-table .col-${c.id}`);
    style.textContent = hidden.length > 0 ? `${hidden.join(',')}{display:none}` : '';
  }

  function buildColumnChooser(): void {
    const box = byId('log-columns-choices');
    if (!box) return;
    for (const column of COLUMNS) {
      const input = el('input', { type: 'checkbox', 'data-column': column.id });
      input.checked = column.shown;
      input.addEventListener('change', () => {
        column.shown = input.checked;
        applyColumns();
      });
      box.appendChild(el('label', {}, [input, ` ${column.label}`]));
    }
    applyColumns();
  }

  function fillSelect(id: string, values: readonly (string | number)[], label: (value: string) => string): void {
    const select = byId<HTMLSelectElement>(id);
    if (!select) return;
    for (const value of values) select.appendChild(el('option', { value: String(value), text: label(String(value)) }));
  }

  /** Everything a free-text search looks at in one entry. */
  function entryText(entry: PageEntry): string {
    const info = entry.provisioningStatusInfo.errorInformation;
    return lower(
      [
        entry.id,
        entry.changeId,
        entry.sourceIdentity.displayName,
        entry.sourceIdentity.id,
        entry.targetIdentity.displayName,
        entry.targetIdentity.id,
        actionName(entry.provisioningAction),
        statusName(entry.provisioningStatusInfo.status),
        entry.harness.scenarioId ?? '',
        info?.errorCode ?? '',
        info?.reason ?? '',
      ].join('\n'),
    );
  }

  function matchesIdentity(entry: PageEntry, query: string): boolean {
    if (!query) return true;
    const q = query.toLowerCase();
    return [entry.sourceIdentity.displayName, entry.targetIdentity.displayName, entry.sourceIdentity.id, entry.targetIdentity.id].some((value) =>
      lower(value).includes(q),
    );
  }

  /** The date-range inputs are read as UTC, as activityDateTime is written. */
  function rangeBound(id: string): number | null {
    const value = inputValue(id);
    if (!value) return null;
    const time = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    return Number.isNaN(time) ? null : time;
  }

  function entryFilters(): boolean {
    return Boolean(
      inputValue('log-search').trim() ||
        inputValue('log-status') ||
        inputValue('log-action') ||
        inputValue('log-cycle') ||
        inputValue('log-from') ||
        inputValue('log-to') ||
        inputValue('search').trim(),
    );
  }

  function filterEntries(): PageEntry[] {
    const query = inputValue('log-search').trim();
    const status = inputValue('log-status');
    const action = inputValue('log-action');
    const cycle = inputValue('log-cycle');
    const from = rangeBound('log-from');
    const to = rangeBound('log-to');
    const text = lower(inputValue('search').trim());
    const list = entries.filter((e) => {
      if (!matchesIdentity(e, query)) return false;
      if (status && e.provisioningStatusInfo.status !== status) return false;
      if (action && e.provisioningAction !== action) return false;
      if (cycle && String(e.harness.cycleNumber) !== cycle) return false;
      if (from !== null || to !== null) {
        const time = Date.parse(e.activityDateTime);
        if (from !== null && !(time >= from)) return false;
        if (to !== null && !(time <= to)) return false;
      }
      return !text || entryText(e).includes(text);
    });
    if (sort) {
      const { column, direction } = sort;
      const key = column.sortValue ?? column.value;
      const sign = direction === 'ascending' ? 1 : -1;
      list.sort((a, b) => sign * compareValues(key(a), key(b)) || a.harness.index - b.harness.index);
    }
    return list;
  }

  function renderRows(): void {
    if (!table) return;
    const body = table.tBodies[0];
    clear(body);
    const pages = Math.max(1, Math.ceil(shownEntries.length / PAGE_SIZE));
    page = Math.min(Math.max(page, 0), pages - 1);
    // Before the chunks are loaded (no filter set), the pager counts every entry of the run.
    const pagesOfRun = allLoaded ? pages : Math.max(pages, Math.ceil(cap.total / PAGE_SIZE));
    const fragment = doc.createDocumentFragment();
    for (const entry of shownEntries.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      const row = el('tr', { 'data-entry-id': entry.id, 'data-link': `entry=${encodeURIComponent(entry.id)}`, tabindex: '0' });
      if (entry.id === selectedId) row.classList.add('selected');
      for (const column of COLUMNS) {
        const cell = el('td', { className: `col-${column.id}` });
        if (column.id === 'status') cell.appendChild(badge(column.value(entry), entry.provisioningStatusInfo.status));
        else cell.textContent = column.value(entry);
        row.appendChild(cell);
      }
      row.addEventListener('click', () => selectEntry(entry, true));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') selectEntry(entry, true);
      });
      fragment.appendChild(row);
    }
    body.appendChild(fragment);
    const total = allLoaded ? entries.length : cap.total;
    const count = byId('log-count');
    if (count) count.textContent = `Showing ${shownEntries.length} of ${total} entries`;
    const pageText = byId('log-page');
    if (pageText) pageText.textContent = `Page ${page + 1} of ${pagesOfRun}`;
    const prev = byId<HTMLButtonElement>('log-prev');
    const next = byId<HTMLButtonElement>('log-next');
    if (prev) prev.disabled = page === 0;
    // Further pages may be in the chunk files not loaded yet.
    if (next) next.disabled = page >= pagesOfRun - 1;
  }

  /** Re-filters; loads every chunk first when a filter or a sort is set, so it covers the whole run. */
  function refreshEntries(keepPage = false): Promise<void> {
    const run = (): void => {
      shownEntries = filterEntries();
      if (!keepPage) page = 0;
      renderRows();
    };
    run();
    if (!allLoaded && (entryFilters() || sort)) return loadAllEntries().then(run);
    return Promise.resolve();
  }

  /** Paging is in run order over every entry: the first turn loads the chunks. */
  function goToPage(delta: number): void {
    if (!allLoaded) {
      void loadAllEntries().then(() => {
        shownEntries = filterEntries();
        page += delta;
        renderRows();
      });
      return;
    }
    page += delta;
    renderRows();
  }

  function buildLogHead(): void {
    if (!table?.tHead) return;
    const headRow = el('tr');
    for (const column of COLUMNS) {
      const th = el('th', { className: `col-${column.id} sortable-header`, scope: 'col', 'aria-sort': 'none', tabindex: '0', text: column.label });
      const toggle = (): void => {
        const direction: SortDirection = sort?.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending';
        sort = { column, direction };
        for (const other of Array.from(headRow.cells)) other.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', direction);
        void refreshEntries();
      };
      th.addEventListener('click', toggle);
      th.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') toggle();
      });
      headRow.appendChild(th);
    }
    table.tHead.appendChild(headRow);
  }

  // ---- Entry detail: the portal's four tabs -------------------------------------------------
  function kv(pairs: readonly (readonly [string, string | number | null | undefined])[]): HTMLDListElement {
    const list = el('dl', { className: 'kv' });
    for (const [key, value] of pairs) {
      list.appendChild(el('dt', { text: key }));
      list.appendChild(el('dd', { text: value === null || value === undefined || value === '' ? '—' : String(value) }));
    }
    return list;
  }

  function renderSteps(entry: PageEntry): Node {
    if (entry.provisioningSteps.length === 0) return el('p', { className: 'muted', text: 'No steps were recorded.' });
    const list = el('ol', { className: 'steps' });
    for (const step of entry.provisioningSteps) {
      const item = el('li', {}, [
        badge(statusName(step.status), step.status),
        ' ',
        el('strong', { text: step.name }),
        el('span', { className: 'muted', text: ` (${step.provisioningStepType})` }),
      ]);
      item.appendChild(el('div', { text: step.description }));
      const details = Object.entries(step.details ?? {});
      if (details.length > 0) item.appendChild(kv(details));
      list.appendChild(item);
    }
    return list;
  }

  function renderTroubleshooting(entry: PageEntry): Node {
    const info = entry.provisioningStatusInfo.errorInformation;
    if (!info) return el('p', { className: 'muted', text: 'No errors: this entry needs no troubleshooting.' });
    const box = el('div');
    box.appendChild(kv([['Error code', info.errorCode], ['Error category', info.errorCategory], ['Recommended action', info.recommendedAction]]));
    box.appendChild(el('h4', { text: 'Reason' }));
    box.appendChild(el('pre', { text: info.reason }));
    if (info.additionalDetails) {
      box.appendChild(el('h4', { text: 'Additional details' }));
      box.appendChild(el('pre', { text: info.additionalDetails }));
    }
    return box;
  }

  function renderModified(entry: PageEntry): Node {
    if (entry.modifiedProperties.length === 0) return el('p', { className: 'muted', text: 'No properties were modified.' });
    const body = el('tbody');
    for (const p of entry.modifiedProperties) {
      body.appendChild(
        el('tr', {}, [el('td', { className: 'mono', text: p.displayName }), el('td', { text: p.oldValue ?? '(none)' }), el('td', { text: p.newValue ?? '(none)' })]),
      );
    }
    return el('table', {}, [el('thead', {}, [el('tr', {}, [el('th', { text: 'Name' }), el('th', { text: 'Old value' }), el('th', { text: 'New value' })])]), body]);
  }

  function renderSummary(entry: PageEntry): Node {
    return kv([
      ['Activity date', entry.activityDateTime],
      ['Action', actionName(entry.provisioningAction)],
      ['Status', statusName(entry.provisioningStatusInfo.status)],
      ['Duration', `${entry.durationInMilliseconds} ms`],
      ['Source identity', `${identityName(entry)} (${entry.sourceIdentity.identityType}, id ${entry.sourceIdentity.id || 'none'})`],
      ['Target identity', `${entry.targetIdentity.displayName || '(none)'} (id ${entry.targetIdentity.id || 'none'})`],
      ['Source system', entry.sourceSystem.displayName],
      ['Target system', entry.targetSystem.displayName],
      ['Application', `${entry.servicePrincipal.displayName} (${entry.servicePrincipal.id})`],
      ['Initiated by', `${entry.initiatedBy.displayName} (${entry.initiatedBy.initiatorType})`],
      ['Job ID', entry.jobId],
      ['Cycle ID', entry.cycleId],
      ['Change ID', entry.changeId],
      ['Activity ID', entry.id],
      ['Cycle', `${entry.harness.cycleNumber} (${entry.harness.cycleKind})`],
      ['Scenario', entry.harness.scenarioId ?? ''],
      ['Exchanges', (entry.harness.exchangeIds ?? []).join(', ')],
    ]);
  }

  const TABS: readonly Tab[] = [
    { id: 'steps', label: 'Steps', render: renderSteps },
    { id: 'troubleshooting', label: 'Troubleshooting & Recommendations', render: renderTroubleshooting },
    { id: 'modified', label: 'Modified Properties', render: renderModified },
    { id: 'summary', label: 'Summary', render: renderSummary },
  ];

  function selectTab(id: string): void {
    currentTab = id;
    for (const tab of TABS) {
      const button = byId(`log-tab-${tab.id}`);
      const panel = byId(`log-panel-${tab.id}`);
      if (!button || !panel) continue;
      const active = tab.id === id;
      button.setAttribute('aria-selected', active ? 'true' : 'false');
      button.tabIndex = active ? 0 : -1;
      panel.hidden = !active;
      if (active && currentEntry) {
        clear(panel);
        panel.appendChild(tab.render(currentEntry));
      }
    }
  }

  function selectEntry(entry: PageEntry, updateHash: boolean): void {
    currentEntry = entry;
    selectedId = entry.id;
    for (const row of Array.from(doc.querySelectorAll('#log-table tbody tr.selected'))) row.classList.remove('selected');
    const row = findByLink(`entry=${encodeURIComponent(entry.id)}`);
    row?.classList.add('selected');
    const detail = byId('log-detail');
    if (detail) detail.hidden = false;
    const title = byId('log-detail-title');
    if (title) {
      title.textContent = `${actionName(entry.provisioningAction)} ${entry.sourceIdentity.identityType} '${identityName(entry)}' — ${statusName(entry.provisioningStatusInfo.status)}`;
    }
    selectTab(currentTab);
    if (updateHash) setHash(`entry=${encodeURIComponent(entry.id)}`);
    detail?.scrollIntoView?.({ block: 'nearest' });
  }

  function buildTabs(): void {
    const bar = byId('log-tabs');
    const panels = byId('log-panels');
    if (!bar || !panels) return;
    for (const tab of TABS) {
      const button = el('button', { type: 'button', role: 'tab', id: `log-tab-${tab.id}`, 'aria-controls': `log-panel-${tab.id}`, 'data-tab': tab.id, text: tab.label });
      button.addEventListener('click', () => selectTab(tab.id));
      bar.appendChild(button);
      const panel = el('div', { role: 'tabpanel', id: `log-panel-${tab.id}`, 'aria-labelledby': `log-tab-${tab.id}` });
      panel.hidden = true;
      panels.appendChild(panel);
    }
  }

  function initLogViewer(): void {
    if (!table) return;
    const filters = data.filters ?? { statuses: [], actions: [], cycles: [] };
    fillSelect('log-status', filters.statuses, statusName);
    fillSelect('log-action', filters.actions, actionName);
    const kinds = new Map(filters.cycles.map((c) => [String(c.number), c.kind]));
    fillSelect(
      'log-cycle',
      filters.cycles.map((c) => c.number),
      (n) => `cycle ${n} (${kinds.get(n) ?? ''})`,
    );
    buildColumnChooser();
    buildLogHead();
    buildTabs();
    for (const id of ['log-search', 'log-status', 'log-action', 'log-cycle', 'log-from', 'log-to']) {
      const input = byId(id);
      input?.addEventListener('input', () => void refreshEntries());
      input?.addEventListener('change', () => void refreshEntries());
    }
    byId('log-prev')?.addEventListener('click', () => goToPage(-1));
    byId('log-next')?.addEventListener('click', () => goToPage(1));
    shownEntries = filterEntries();
    renderRows();
  }

  // ---- Static lists: chips and search -----------------------------------------------------
  /** Items rendered into the page that chips and search filter: [data-filter-group] rows and blocks. */
  function filterItems(): HTMLElement[] {
    return Array.from(doc.querySelectorAll<HTMLElement>('[data-filter-group]'));
  }

  function activeChip(group: string): string | null {
    const chip = Array.from(doc.querySelectorAll<HTMLElement>('.chip[aria-pressed="true"]')).find((c) => c.dataset.group === group);
    return chip?.dataset.value ?? null;
  }

  function applyItemFilters(): void {
    const text = lower(inputValue('search').trim());
    const groups: Record<string, number> = {};
    for (const item of filterItems()) {
      const group = item.dataset.filterGroup ?? '';
      const chip = activeChip(group);
      // An item may answer several chips of its group (a failed run holding blocked expectations): space-separated values.
      const values = (item.dataset.filterValue ?? '').split(' ');
      const visible = (!chip || values.includes(chip)) && (!text || lower(item.textContent).includes(text));
      item.hidden = !visible;
      if (visible && item.dataset.countable === 'true') groups[group] = (groups[group] ?? 0) + 1;
    }
    const summary = byId('search-count');
    if (summary) {
      summary.textContent = text
        ? `Matching: ${groups.cause ?? 0} root causes, ${groups.scenario ?? 0} scenario runs, ${groups.finding ?? 0} findings, ${shownEntries.length} log entries`
        : '';
    }
  }

  function onSearch(): void {
    void refreshEntries().then(applyItemFilters);
    applyItemFilters();
  }

  function initChips(): void {
    for (const chip of Array.from(doc.querySelectorAll<HTMLButtonElement>('.chip'))) {
      chip.addEventListener('click', () => {
        const group = chip.dataset.group ?? '';
        const pressed = chip.getAttribute('aria-pressed') === 'true';
        for (const other of Array.from(doc.querySelectorAll<HTMLElement>('.chip'))) {
          if (other.dataset.group === group) other.setAttribute('aria-pressed', 'false');
        }
        chip.setAttribute('aria-pressed', pressed ? 'false' : 'true');
        if (group === 'entry') {
          const select = byId<HTMLSelectElement>('log-status');
          if (select) select.value = pressed ? '' : (chip.dataset.value ?? '');
          void refreshEntries();
        }
        applyItemFilters();
      });
    }
    const search = byId('search');
    search?.addEventListener('input', onSearch);
  }

  // ---- Sortable tables rendered into the page ----------------------------------------------
  function cellSortValue(cell: HTMLTableCellElement | undefined): number | string {
    const raw = cell?.dataset.sort ?? cell?.textContent?.trim() ?? '';
    const number = Number(raw.replace(/,/g, ''));
    return raw !== '' && Number.isFinite(number) ? number : raw;
  }

  function initSortableTables(): void {
    for (const sortable of Array.from(doc.querySelectorAll<HTMLTableElement>('table.sortable'))) {
      const headers = Array.from(sortable.tHead?.rows[0]?.cells ?? []);
      headers.forEach((th, index) => {
        th.setAttribute('aria-sort', 'none');
        th.tabIndex = 0;
        th.classList.add('sortable-header');
        const toggle = (): void => {
          const direction: SortDirection = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
          for (const other of headers) other.setAttribute('aria-sort', 'none');
          th.setAttribute('aria-sort', direction);
          const sign = direction === 'ascending' ? 1 : -1;
          const body = sortable.tBodies[0];
          const rows = Array.from(body.rows).map((row, position) => ({ row, position }));
          rows.sort((a, b) => sign * compareValues(cellSortValue(a.row.cells[index]), cellSortValue(b.row.cells[index])) || a.position - b.position);
          for (const { row } of rows) body.appendChild(row);
        };
        th.addEventListener('click', toggle);
        th.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') toggle();
        });
      });
    }
  }

  // ---- Deep links ---------------------------------------------------------------------------
  function findByLink(link: string): HTMLElement | null {
    // Compared as strings, never put into a selector: ids come from the target.
    return Array.from(doc.querySelectorAll<HTMLElement>('[data-link]')).find((node) => node.dataset.link === link) ?? null;
  }

  function setHash(link: string): void {
    if (location.hash !== `#${link}`) history.replaceState(null, '', `#${link}`);
  }

  function reveal(node: HTMLElement): void {
    if (node.hidden) {
      // A chip or the search hid it: a deep link wins over the filters.
      for (const chip of Array.from(doc.querySelectorAll<HTMLElement>('.chip'))) chip.setAttribute('aria-pressed', 'false');
      const search = byId<HTMLInputElement>('search');
      if (search) search.value = '';
      applyItemFilters();
    }
    for (let parent: HTMLElement | null = node; parent; parent = parent.parentElement) {
      if (parent instanceof HTMLDetailsElement) parent.open = true;
    }
    // A root cause opens onto its drill-down (impact, occurrences, evidence).
    for (const drill of Array.from(node.querySelectorAll<HTMLDetailsElement>('details.drill'))) drill.open = true;
    for (const old of Array.from(doc.querySelectorAll('.targeted'))) old.classList.remove('targeted');
    node.classList.add('targeted');
    node.scrollIntoView({ block: 'start' });
  }

  async function openEntry(id: string): Promise<void> {
    let entry = entries.find((e) => e.id === id);
    if (!entry && !allLoaded) {
      await loadAllEntries();
      entry = entries.find((e) => e.id === id);
    }
    if (!entry) return;
    // Clear the log filters so the entry is among the rows, then turn to its page.
    for (const fid of ['log-search', 'log-status', 'log-action', 'log-cycle', 'log-from', 'log-to', 'search']) {
      const input = byId<HTMLInputElement | HTMLSelectElement>(fid);
      if (input) input.value = '';
    }
    applyItemFilters();
    shownEntries = filterEntries();
    page = Math.floor(shownEntries.indexOf(entry) / PAGE_SIZE);
    renderRows();
    selectEntry(entry, false);
    const row = findByLink(`entry=${encodeURIComponent(id)}`);
    if (row) reveal(row);
  }

  function followHash(): void {
    const match = /^#(scenario|finding|entry|cause)=(.+)$/.exec(location.hash);
    if (!match) return;
    const [, kind, value] = match;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return;
    }
    if (kind === 'entry') {
      void openEntry(decoded).then(() => doc.documentElement.setAttribute('data-deep-link', location.hash));
      return;
    }
    const node = findByLink(`${kind}=${encodeURIComponent(decoded)}`);
    if (node) reveal(node);
    doc.documentElement.setAttribute('data-deep-link', location.hash);
  }

  function initLinks(): void {
    // Clicking an item names it in the address bar, so the URL can be shared.
    for (const node of Array.from(doc.querySelectorAll<HTMLElement>('[data-link]'))) {
      const link = node.dataset.link ?? '';
      if (link.startsWith('entry=')) continue;
      const target = node.tagName === 'DETAILS' ? node.querySelector('summary') : node;
      target?.addEventListener('click', (event) => {
        // A link inside the item navigates by itself (and fires hashchange); only plain clicks name the item.
        if (event.target instanceof Element && event.target.closest('a')) return;
        setHash(link);
      });
    }
    window.addEventListener('hashchange', followHash);
  }

  // ---- Print: every section expanded --------------------------------------------------------
  function initPrint(): void {
    let reopened: HTMLDetailsElement[] = [];
    window.addEventListener('beforeprint', () => {
      reopened = Array.from(doc.querySelectorAll('details')).filter((d) => !d.open);
      for (const details of reopened) details.open = true;
    });
    window.addEventListener('afterprint', () => {
      for (const details of reopened) details.open = false;
      reopened = [];
    });
  }

  // ---- Charts -------------------------------------------------------------------------------
  function drawCharts(): void {
    const charts = data.charts;
    if (!charts) return;
    const Chart = (window as unknown as { Chart?: ChartConstructor }).Chart;
    if (!Chart) {
      for (const box of Array.from(doc.querySelectorAll('.chart-canvas'))) {
        box.appendChild(el('p', { className: 'muted', text: 'Charts could not be drawn; the data tables below hold the same numbers.' }));
      }
      return;
    }
    const common = { animation: false, responsive: true, maintainAspectRatio: false };
    const integerAxis = { beginAtZero: true, ticks: { precision: 0 } };
    const canvas = (id: string): HTMLCanvasElement | null => byId<HTMLCanvasElement>(id);
    const actions = canvas('chart-actions');
    if (actions) {
      new Chart(actions, {
        type: 'bar',
        data: {
          labels: charts.actions.labels,
          datasets: charts.actions.series.map((s) => ({ label: s.status, data: s.counts, backgroundColor: STATUS_COLORS[s.status] ?? '#0969da' })),
        },
        options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, ...integerAxis } } },
      });
    }
    const cycles = canvas('chart-cycles');
    if (cycles) {
      new Chart(cycles, {
        type: 'bar',
        data: {
          labels: charts.cycles.labels,
          datasets: [
            { type: 'bar', label: 'Failures', data: charts.cycles.failures, backgroundColor: '#cf222e' },
            { type: 'line', label: 'Entries', data: charts.cycles.entries, borderColor: '#0969da', backgroundColor: '#0969da' },
          ],
        },
        options: { ...common, scales: { y: integerAxis } },
      });
    }
    const errors = canvas('chart-errors');
    if (errors) {
      new Chart(errors, {
        type: 'bar',
        data: { labels: charts.errors.labels, datasets: [{ label: 'Entries', data: charts.errors.counts, backgroundColor: '#bc4c00' }] },
        options: { ...common, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: integerAxis } },
      });
    }
  }

  initLogViewer();
  initChips();
  initSortableTables();
  initLinks();
  initPrint();
  drawCharts();
  followHash();
  doc.documentElement.setAttribute('data-report-ready', 'true');
}
