/**
 * The dashboard: one self-contained page (inline CSS and JS, no build step, nothing fetched from
 * elsewhere) that polls GET /metrics/json and, given the admin key, GET /cache/entries. Kept as a
 * string so that `tsc` ships it in dist/ with the rest. The page's script avoids template literals.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LLM cache</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 12px; background: #f6f7f9; color: #1d232b; }
  h1 { font-size: 18px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 16px 0 6px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; }
  .card { background: #fff; border-radius: 8px; padding: 10px; box-shadow: 0 1px 2px #0002; }
  .card b { display: block; font-size: 20px; } .muted { color: #667; font-size: 12px; }
  .scroll { overflow-x: auto; background: #fff; border-radius: 8px; box-shadow: 0 1px 2px #0002; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 6px 8px; text-align: left; border-bottom: 1px solid #eee; }
  td.q { max-width: 220px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  input { padding: 6px; width: 100%; max-width: 320px; box-sizing: border-box; }
  button { padding: 4px 8px; } svg { width: 100%; height: 120px; background: #fff; border-radius: 8px; }
  .legend span { margin-right: 10px; font-size: 12px; }
</style>
</head>
<body>
<h1>LLM cache</h1>
<div class="muted">Refreshes every <span id="refresh"></span> s · <span id="status" data-testid="status">loading</span></div>
<div class="cards">
  <div class="card">Hit rate<b data-testid="hit-rate">–</b><span class="muted">answers from a cache</span></div>
  <div class="card">LLM calls avoided<b data-testid="calls-avoided">–</b><span class="muted" data-testid="llm-calls"></span></div>
  <div class="card">Tokens saved<b data-testid="tokens-saved">–</b></div>
  <div class="card">Money saved<b data-testid="money-saved">–</b><span class="muted">USD</span></div>
  <div class="card">Entries<b data-testid="entries">–</b><span class="muted">exact / semantic</span></div>
</div>
<h2>Hit rate per layer over time</h2>
<svg id="chart" data-testid="chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg>
<div class="legend"><span style="color:#1f77b4">■ exact</span><span style="color:#2ca02c">■ semantic</span><span style="color:#d62728">■ overall</span></div>
<h2>Latency per path (ms, p50 / p95)</h2>
<div class="scroll"><table><tbody id="latency" data-testid="latency"></tbody></table></div>
<h2>Top namespaces</h2>
<div class="scroll"><table><tbody id="namespaces" data-testid="namespaces"></tbody></table></div>
<h2>Recent entries</h2>
<label>Admin key (kept in this tab only) <input id="admin-key" data-testid="admin-key" type="password" autocomplete="off"></label>
<div class="muted" id="entries-status" data-testid="entries-status"></div>
<div class="scroll"><table>
  <thead><tr><th>Question</th><th>Layer</th><th>Similarity</th><th>Age</th><th>Hits</th><th></th></tr></thead>
  <tbody id="recent" data-testid="recent"></tbody>
</table></div>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var refreshMs = Math.max(250, Number(params.get('refresh')) || 2000);
  var history = [];
  var keyInput = document.getElementById('admin-key');
  keyInput.value = sessionStorage.getItem('llmCacheAdminKey') || '';
  keyInput.addEventListener('change', function () {
    sessionStorage.setItem('llmCacheAdminKey', keyInput.value);
    loadEntries();
  });
  document.getElementById('refresh').textContent = String(refreshMs / 1000);

  function el(id) { return document.getElementById(id) || document.querySelector('[data-testid="' + id + '"]'); }
  function text(id, value) { el(id).textContent = value; }
  function pct(rate) { return rate === null || rate === undefined ? 'n/a' : (rate * 100).toFixed(1) + ' %'; }
  function num(n) { return Number(n || 0).toLocaleString('en-US'); }
  function ms(v) { return v === undefined || v === null ? '–' : String(v); }
  function adminHeaders() {
    var key = keyInput.value.trim();
    return key ? { authorization: 'Bearer ' + key } : {};
  }
  function cell(row, value) { var td = document.createElement('td'); td.textContent = value; row.appendChild(td); return td; }
  function money(m) {
    var usd = m.savedCostUsd !== undefined ? m.savedCostUsd : m.saved && m.saved.costUsd;
    return typeof usd === 'number' ? '$' + usd.toFixed(4) : 'n/a';
  }
  function age(createdAt) {
    if (!createdAt) return '?';
    var s = Math.max(0, Math.round((Date.now() - createdAt) / 1000));
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h';
  }

  function renderChart() {
    var svg = el('chart');
    var series = [['exact', '#1f77b4'], ['semantic', '#2ca02c'], ['overall', '#d62728']];
    var step = 300 / Math.max(1, history.length - 1);
    svg.innerHTML = series.map(function (s) {
      var points = history.map(function (h, i) {
        var y = h[s[0]] === null ? 100 : 100 - h[s[0]] * 100;
        return (i * step).toFixed(1) + ',' + y.toFixed(1);
      }).join(' ');
      return '<polyline fill="none" stroke-width="2" stroke="' + s[1] + '" points="' + points + '"/>';
    }).join('');
  }

  function renderLatency(m) {
    var rows = [
      ['exact hit (exact lookup)', m.latencyMs.exact],
      ['semantic hit (embed + search)', m.latencyMs.semantic],
      ['miss (LLM call)', m.latencyMs.llm],
      ['whole /ask request', m.latencyMs.ask],
    ];
    var body = el('latency');
    body.innerHTML = '';
    rows.forEach(function (r) {
      var row = document.createElement('tr');
      cell(row, r[0]);
      cell(row, ms(r[1].p50) + ' / ' + ms(r[1].p95));
      cell(row, r[1].count + ' samples');
      body.appendChild(row);
    });
  }

  function loadMetrics() {
    return fetch('/metrics/json').then(function (r) { return r.json(); }).then(function (m) {
      text('hit-rate', pct(m.overallHitRate));
      text('calls-avoided', num(m.llm.callsAvoided));
      text('llm-calls', num(m.llm.calls) + ' LLM calls made');
      text('tokens-saved', num(m.tokensSaved));
      text('money-saved', money(m));
      text('entries', num(m.entries.exact) + ' / ' + num(m.entries.semantic));
      history.push({ exact: m.lookups.exact.hitRate, semantic: m.lookups.semantic.hitRate, overall: m.overallHitRate });
      if (history.length > 120) history.shift();
      renderChart();
      renderLatency(m);
      text('status', 'updated ' + new Date().toLocaleTimeString());
    }).catch(function (e) { text('status', 'metrics unavailable: ' + e.message); });
  }

  function renderEntries(listing) {
    var body = el('recent');
    body.innerHTML = '';
    listing.entries.forEach(function (e) {
      var row = document.createElement('tr');
      row.setAttribute('data-key', e.key);
      cell(row, e.question).className = 'q';
      cell(row, e.layer);
      cell(row, e.similarity === null ? '–' : e.similarity.toFixed(3));
      cell(row, age(e.createdAt));
      cell(row, e.hits === null ? '–' : String(e.hits));
      var button = document.createElement('button');
      button.textContent = 'Delete';
      button.setAttribute('data-delete', e.key);
      button.addEventListener('click', function () { remove(e.key); });
      row.appendChild(document.createElement('td')).appendChild(button);
      body.appendChild(row);
    });
    var ns = el('namespaces');
    ns.innerHTML = '';
    listing.namespaces.slice(0, 10).forEach(function (n) {
      var row = document.createElement('tr');
      cell(row, n.namespace);
      cell(row, n.entries + ' entries');
      ns.appendChild(row);
    });
    text('entries-status', listing.entries.length + ' newest of ' + listing.examined + ' examined');
  }

  function loadEntries() {
    return fetch('/cache/entries?limit=50', { headers: adminHeaders() }).then(function (r) {
      if (!r.ok) throw new Error(r.status === 403 ? 'the admin key is needed to list entries' : 'HTTP ' + r.status);
      return r.json();
    }).then(renderEntries).catch(function (e) { text('entries-status', e.message); });
  }

  function remove(key) {
    fetch('/cache/entries/' + encodeURIComponent(key), { method: 'DELETE', headers: adminHeaders() })
      .then(function (r) { text('entries-status', r.ok ? 'deleted ' + key : 'delete failed: HTTP ' + r.status); })
      .then(loadEntries);
  }

  function tick() { loadMetrics(); loadEntries(); }
  tick();
  setInterval(tick, refreshMs);
})();
</script>
</body>
</html>
`;
