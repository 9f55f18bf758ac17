/**
 * The report page's own script: the provisioning log viewer (filters, column chooser, the
 * portal's four detail tabs) and the charts. It reads the embedded JSON and builds every node
 * with textContent, so nothing from the target is ever parsed as markup.
 *
 * Kept as plain browser JavaScript in a string: the page must run from disk with no build step,
 * and the project's TypeScript settings have no DOM types.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataNode = document.getElementById('report-data');
  var data = JSON.parse(dataNode ? dataNode.textContent : '{}');
  var entries = data.entries || [];

  var ACTIONS = { create: 'Create', update: 'Update', 'delete': 'Delete', disable: 'Disable', stagedDelete: 'StagedDelete', other: 'Other' };
  var STATUSES = { success: 'Success', failure: 'Failure', skipped: 'Skipped', warning: 'Warning' };
  var STATUS_COLORS = { Success: '#2da44e', Failure: '#cf222e', Skipped: '#8c959f', Warning: '#bf8700' };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === 'text') node.textContent = attrs[key];
        else if (key === 'className') node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function actionName(action) { return ACTIONS[action] || action; }
  function statusName(status) { return STATUSES[status] || status; }
  function formatDate(iso) {
    var time = Date.parse(iso);
    return isNaN(time) ? iso : new Date(time).toISOString().slice(0, 19).replace('T', ' ');
  }
  function identityName(entry) {
    return entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.sourceIdentity.id || entry.targetIdentity.id;
  }
  function badge(text, kind) { return el('span', { className: 'badge badge-' + kind, text: text }); }

  // ---- Log viewer -------------------------------------------------------------------------
  var COLUMNS = [
    { id: 'date', label: 'Date', shown: true, value: function (e) { return formatDate(e.activityDateTime); } },
    { id: 'identity', label: 'Identity', shown: true, value: identityName },
    { id: 'action', label: 'Action', shown: true, value: function (e) { return actionName(e.provisioningAction); } },
    { id: 'source-system', label: 'Source System', shown: true, value: function (e) { return e.sourceSystem.displayName; } },
    { id: 'target-system', label: 'Target System', shown: true, value: function (e) { return e.targetSystem.displayName; } },
    { id: 'status', label: 'Status', shown: true, value: function (e) { return statusName(e.provisioningStatusInfo.status); } },
    { id: 'cycle', label: 'Cycle', shown: true, value: function (e) { return e.harness.cycleNumber + ' (' + e.harness.cycleKind + ')'; } },
    { id: 'error-code', label: 'Error Code', shown: false, value: function (e) { var info = e.provisioningStatusInfo.errorInformation; return info ? info.errorCode : ''; } },
    { id: 'job-id', label: 'Job ID', shown: false, value: function (e) { return e.jobId; } },
    { id: 'cycle-id', label: 'Cycle ID', shown: false, value: function (e) { return e.cycleId; } },
    { id: 'change-id', label: 'Change ID', shown: false, value: function (e) { return e.changeId; } },
    { id: 'source-id', label: 'Source ID', shown: false, value: function (e) { return e.sourceIdentity.id; } },
    { id: 'target-id', label: 'Target ID', shown: false, value: function (e) { return e.targetIdentity.id; } },
    { id: 'duration', label: 'Duration', shown: false, value: function (e) { return e.durationInMilliseconds + ' ms'; } },
    { id: 'scenario', label: 'Scenario', shown: false, value: function (e) { return e.harness.scenarioId || ''; } }
  ];

  var table = document.getElementById('log-table');
  var rows = [];
  var selectedRow = null;

  function applyColumns() {
    var style = document.getElementById('log-column-style');
    var hidden = COLUMNS.filter(function (c) { return !c.shown; }).map(function (c) { return '#log-table .col-' + c.id; });
    style.textContent = hidden.length ? hidden.join(',') + '{display:none}' : '';
  }

  function buildColumnChooser() {
    var box = document.getElementById('log-columns-choices');
    COLUMNS.forEach(function (column) {
      var input = el('input', { type: 'checkbox', 'data-column': column.id });
      input.checked = column.shown;
      input.addEventListener('change', function () { column.shown = input.checked; applyColumns(); });
      box.appendChild(el('label', {}, [input, ' ' + column.label]));
    });
    applyColumns();
  }

  function fillSelect(id, values, label) {
    var select = document.getElementById(id);
    values.forEach(function (value) { select.appendChild(el('option', { value: String(value), text: label(value) })); });
  }

  function buildTable() {
    var headRow = el('tr');
    COLUMNS.forEach(function (column) { headRow.appendChild(el('th', { className: 'col-' + column.id, scope: 'col', text: column.label })); });
    table.tHead.appendChild(headRow);
    var body = table.tBodies[0];
    var fragment = document.createDocumentFragment();
    entries.forEach(function (entry, index) {
      var row = el('tr', { 'data-entry-id': entry.id, 'data-index': String(index), tabindex: '0' });
      COLUMNS.forEach(function (column) {
        var cell = el('td', { className: 'col-' + column.id });
        if (column.id === 'status') cell.appendChild(badge(column.value(entry), entry.provisioningStatusInfo.status));
        else cell.textContent = column.value(entry);
        row.appendChild(cell);
      });
      row.addEventListener('click', function () { showDetail(index, row); });
      row.addEventListener('keydown', function (event) { if (event.key === 'Enter') showDetail(index, row); });
      rows.push({ row: row, entry: entry });
      fragment.appendChild(row);
    });
    body.appendChild(fragment);
  }

  function matchesIdentity(entry, query) {
    if (!query) return true;
    var q = query.toLowerCase();
    return [entry.sourceIdentity.displayName, entry.targetIdentity.displayName, entry.sourceIdentity.id, entry.targetIdentity.id]
      .some(function (value) { return String(value || '').toLowerCase().indexOf(q) >= 0; });
  }

  function applyFilters() {
    var query = document.getElementById('log-search').value.trim();
    var status = document.getElementById('log-status').value;
    var action = document.getElementById('log-action').value;
    var cycle = document.getElementById('log-cycle').value;
    var shown = 0;
    rows.forEach(function (item) {
      var e = item.entry;
      var visible = matchesIdentity(e, query)
        && (!status || e.provisioningStatusInfo.status === status)
        && (!action || e.provisioningAction === action)
        && (!cycle || String(e.harness.cycleNumber) === cycle);
      item.row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.getElementById('log-count').textContent = 'Showing ' + shown + ' of ' + rows.length + ' entries';
  }

  // ---- Entry detail: the portal's four tabs -----------------------------------------------
  var TABS = [
    { id: 'steps', label: 'Steps', render: renderSteps },
    { id: 'troubleshooting', label: 'Troubleshooting & Recommendations', render: renderTroubleshooting },
    { id: 'modified', label: 'Modified Properties', render: renderModified },
    { id: 'summary', label: 'Summary', render: renderSummary }
  ];

  function kv(pairs) {
    var list = el('dl', { className: 'kv' });
    pairs.forEach(function (pair) {
      list.appendChild(el('dt', { text: pair[0] }));
      list.appendChild(el('dd', { text: pair[1] === null || pair[1] === undefined || pair[1] === '' ? '—' : String(pair[1]) }));
    });
    return list;
  }

  function renderSteps(entry) {
    if (!entry.provisioningSteps.length) return el('p', { className: 'muted', text: 'No steps were recorded.' });
    var list = el('ol', { className: 'steps' });
    entry.provisioningSteps.forEach(function (step) {
      var item = el('li', {}, [badge(statusName(step.status), step.status), ' ', el('strong', { text: step.name }), el('span', { className: 'muted', text: ' (' + step.provisioningStepType + ')' })]);
      item.appendChild(el('div', { text: step.description }));
      var details = Object.keys(step.details || {});
      if (details.length) item.appendChild(kv(details.map(function (key) { return [key, step.details[key]]; })));
      list.appendChild(item);
    });
    return list;
  }

  function renderTroubleshooting(entry) {
    var info = entry.provisioningStatusInfo.errorInformation;
    if (!info) return el('p', { className: 'muted', text: 'No errors: this entry needs no troubleshooting.' });
    var box = el('div');
    box.appendChild(kv([['Error code', info.errorCode], ['Error category', info.errorCategory], ['Recommended action', info.recommendedAction]]));
    box.appendChild(el('h4', { text: 'Reason' }));
    box.appendChild(el('pre', { text: info.reason }));
    if (info.additionalDetails) {
      box.appendChild(el('h4', { text: 'Additional details' }));
      box.appendChild(el('pre', { text: info.additionalDetails }));
    }
    return box;
  }

  function renderModified(entry) {
    if (!entry.modifiedProperties.length) return el('p', { className: 'muted', text: 'No properties were modified.' });
    var t = el('table', {}, [el('thead', {}, [el('tr', {}, [el('th', { text: 'Name' }), el('th', { text: 'Old value' }), el('th', { text: 'New value' })])])]);
    var body = el('tbody');
    entry.modifiedProperties.forEach(function (p) {
      body.appendChild(el('tr', {}, [el('td', { className: 'mono', text: p.displayName }), el('td', { text: p.oldValue === null ? '(none)' : p.oldValue }), el('td', { text: p.newValue === null ? '(none)' : p.newValue })]));
    });
    t.appendChild(body);
    return t;
  }

  function renderSummary(entry) {
    return kv([
      ['Activity date', entry.activityDateTime],
      ['Action', actionName(entry.provisioningAction)],
      ['Status', statusName(entry.provisioningStatusInfo.status)],
      ['Duration', entry.durationInMilliseconds + ' ms'],
      ['Source identity', identityName(entry) + ' (' + entry.sourceIdentity.identityType + ', id ' + (entry.sourceIdentity.id || 'none') + ')'],
      ['Target identity', (entry.targetIdentity.displayName || '(none)') + ' (id ' + (entry.targetIdentity.id || 'none') + ')'],
      ['Source system', entry.sourceSystem.displayName],
      ['Target system', entry.targetSystem.displayName],
      ['Application', entry.servicePrincipal.displayName + ' (' + entry.servicePrincipal.id + ')'],
      ['Initiated by', entry.initiatedBy.displayName + ' (' + entry.initiatedBy.initiatorType + ')'],
      ['Job ID', entry.jobId],
      ['Cycle ID', entry.cycleId],
      ['Change ID', entry.changeId],
      ['Activity ID', entry.id],
      ['Cycle', entry.harness.cycleNumber + ' (' + entry.harness.cycleKind + ')'],
      ['Scenario', entry.harness.scenarioId || ''],
      ['Exchanges', (entry.harness.exchangeIds || []).join(', ')]
    ]);
  }

  var currentTab = 'steps';
  var currentEntry = null;

  function selectTab(id) {
    currentTab = id;
    TABS.forEach(function (tab) {
      var button = document.getElementById('log-tab-' + tab.id);
      var panel = document.getElementById('log-panel-' + tab.id);
      var active = tab.id === id;
      button.setAttribute('aria-selected', active ? 'true' : 'false');
      button.tabIndex = active ? 0 : -1;
      panel.hidden = !active;
      if (active && currentEntry) { clear(panel); panel.appendChild(tab.render(currentEntry)); }
    });
  }

  function showDetail(index, row) {
    currentEntry = entries[index];
    if (selectedRow) selectedRow.classList.remove('selected');
    selectedRow = row;
    row.classList.add('selected');
    var detail = document.getElementById('log-detail');
    detail.hidden = false;
    document.getElementById('log-detail-title').textContent =
      actionName(currentEntry.provisioningAction) + ' ' + currentEntry.sourceIdentity.identityType + " '" + identityName(currentEntry) + "' — " + statusName(currentEntry.provisioningStatusInfo.status);
    selectTab(currentTab);
    if (detail.scrollIntoView) detail.scrollIntoView({ block: 'nearest' });
  }

  function buildTabs() {
    var bar = document.getElementById('log-tabs');
    var panels = document.getElementById('log-panels');
    TABS.forEach(function (tab) {
      var button = el('button', { type: 'button', role: 'tab', id: 'log-tab-' + tab.id, 'aria-controls': 'log-panel-' + tab.id, 'data-tab': tab.id, text: tab.label });
      button.addEventListener('click', function () { selectTab(tab.id); });
      bar.appendChild(button);
      var panel = el('div', { role: 'tabpanel', id: 'log-panel-' + tab.id, 'aria-labelledby': 'log-tab-' + tab.id });
      panel.hidden = true;
      panels.appendChild(panel);
    });
  }

  function initLogViewer() {
    if (!table) return;
    var filters = data.filters || { statuses: [], actions: [], cycles: [] };
    fillSelect('log-status', filters.statuses, statusName);
    fillSelect('log-action', filters.actions, actionName);
    var kinds = {};
    filters.cycles.forEach(function (c) { kinds[c.number] = c.kind; });
    fillSelect('log-cycle', filters.cycles.map(function (c) { return c.number; }), function (n) { return 'cycle ' + n + ' (' + kinds[n] + ')'; });
    buildColumnChooser();
    buildTable();
    buildTabs();
    ['log-search', 'log-status', 'log-action', 'log-cycle'].forEach(function (id) {
      var input = document.getElementById(id);
      input.addEventListener('input', applyFilters);
      input.addEventListener('change', applyFilters);
    });
    applyFilters();
  }

  // ---- Charts -------------------------------------------------------------------------------
  function drawCharts() {
    var charts = data.charts;
    if (!charts) return;
    if (typeof window.Chart === 'undefined') {
      Array.prototype.forEach.call(document.querySelectorAll('.chart-canvas'), function (box) {
        box.appendChild(el('p', { className: 'muted', text: 'Charts could not be drawn; the data tables below hold the same numbers.' }));
      });
      return;
    }
    var Chart = window.Chart;
    var common = { animation: false, responsive: true, maintainAspectRatio: false };
    var integerAxis = { beginAtZero: true, ticks: { precision: 0 } };
    new Chart(document.getElementById('chart-actions'), {
      type: 'bar',
      data: {
        labels: charts.actions.labels,
        datasets: charts.actions.series.map(function (s) { return { label: s.status, data: s.counts, backgroundColor: STATUS_COLORS[s.status] || '#0969da' }; })
      },
      options: Object.assign({}, common, { scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, integerAxis) } })
    });
    new Chart(document.getElementById('chart-cycles'), {
      type: 'bar',
      data: {
        labels: charts.cycles.labels,
        datasets: [
          { type: 'bar', label: 'Failures', data: charts.cycles.failures, backgroundColor: '#cf222e' },
          { type: 'line', label: 'Entries', data: charts.cycles.entries, borderColor: '#0969da', backgroundColor: '#0969da' }
        ]
      },
      options: Object.assign({}, common, { scales: { y: integerAxis } })
    });
    new Chart(document.getElementById('chart-errors'), {
      type: 'bar',
      data: { labels: charts.errors.labels, datasets: [{ label: 'Entries', data: charts.errors.counts, backgroundColor: '#bc4c00' }] },
      options: Object.assign({}, common, { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: integerAxis } })
    });
  }

  initLogViewer();
  drawCharts();
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
