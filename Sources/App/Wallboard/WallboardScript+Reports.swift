/// The wallboard page's reports view: any report of the API as a table, a bar chart and a CSV link.
extension WallboardScript {
    static let reports = #"""
      // ---- Historical reports: the same API as other tools, as a table, a chart and a CSV link ----
      var chartOf = { 'queue-performance': ['offered', 'Offered'], 'agent-performance': ['handled', 'Handled'],
        'wrap-up-codes': ['interactions', 'Interactions'], 'agent-social-engagement': ['interactions', 'Interactions'] };

      function showView(reports) {
        $('reports').hidden = !reports; $('live').hidden = reports; $('alerts').hidden = reports;
        $('view-live').setAttribute('aria-pressed', reports ? 'false' : 'true');
        $('view-reports').setAttribute('aria-pressed', reports ? 'true' : 'false');
        if (reports && !$('r-from').value) {
          var today = (S.data && S.data.day) || new Date().toISOString().slice(0, 10);
          $('r-from').value = today; $('r-to').value = today;
        }
        updateCSV();
      }

      function reportQuery(format) {
        var params = new URLSearchParams();
        params.set('from', $('r-from').value); params.set('to', $('r-to').value);
        params.set('interval', $('r-interval').value);
        if (S.zone) params.set('tz', S.zone);
        var name = $('r-name').value;
        if (chartOf[name]) params.set('detail', $('r-detail').checked ? 'true' : 'false');
        ['workgroup', 'agent', 'channel'].forEach(function (f) { var v = $('r-' + f).value.trim(); if (v) params.set(f, v); });
        if ($('r-media').value) params.set('media', $('r-media').value);
        if (name === 'interaction-details' || name === 'handling-attempts') params.set('limit', '1000');
        if (format) params.set('format', format);
        return '/api/v1/reports/' + name + '?' + params.toString();
      }

      function updateCSV() { $('r-csv').setAttribute('href', reportQuery('csv')); }

      // Nested figures become columns: deflected.closed, service level 60s %, not ready (Lunch).
      function flatten(row) {
        var out = {};
        Object.keys(row).forEach(function (key) {
          var value = row[key];
          if (key === 'serviceLevels') {
            value.forEach(function (l) { out['within ' + l.seconds + 's'] = l.answeredWithin; out['SL ' + l.seconds + 's %'] = l.percent; });
          } else if (key === 'deflected' || key === 'notReadyByReason') {
            Object.keys(value).forEach(function (k) { out[key === 'deflected' ? 'deflected ' + k : 'not ready (' + reasonName(k) + ')'] = value[k]; });
          } else if (key === 'agents' && Array.isArray(value)) {
            out[key] = value.map(agentName).join(', ');
          } else if (Array.isArray(value)) {
            out[key] = value.join(' ');
          } else {
            out[key] = value;
          }
        });
        return out;
      }

      function reasonName(id) {
        var found = (S.reasons || []).filter(function (r) { return r.id === id; })[0];
        return found ? found.name : id;
      }

      // An agent by name where the live board knows them (the CSV has both, in agent and agent_name).
      function agentName(id) {
        var found = ((S.data && S.data.agents) || []).filter(function (a) { return a.id === id; })[0];
        return found ? found.name : id;
      }

      function cellText(key, value) {
        if (value === null || value === undefined) return '';
        if (typeof value === 'number' && (/Ms$|ms$/.test(key) || key.indexOf('not ready (') === 0)) return duration(value);
        if (key === 'agent' && typeof value === 'string') return agentName(value);
        return String(value);
      }

      // averageHandleMs reads "average handle", interactionId "interaction id".
      // waitingMs reads "time waiting" beside waiting (a count); "deflected specialDay" reads "deflected special day".
      function columnLabel(key) {
        if (key === 'waitingMs') return 'time waiting';
        return key.split(' ').map(function (part) {
          if (!/^[a-z][A-Za-z0-9]*$/.test(part)) return part;
          return part.replace(/Ms$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
        }).join(' ');
      }

      async function runReport(event) {
        if (event) event.preventDefault();
        updateCSV();
        $('r-status').textContent = 'Running...';
        var started = Date.now();
        try {
          var data = await api('GET', reportQuery(null));
          var rows = data.rows.map(flatten);
          var columns = [];
          rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (columns.indexOf(k) < 0) columns.push(k); }); });
          var first = ['interval', 'workgroup', 'agent', 'code', 'interactionId', 'createdAt'];
          columns.sort(function (a, b) {
            var i = first.indexOf(a), j = first.indexOf(b);
            return (i < 0 ? 99 : i) - (j < 0 ? 99 : j);
          });
          var head = $('r-table').tHead; clear(head);
          var tr = el('tr');
          columns.forEach(function (c) { var th = el('th', '', columnLabel(c)); th.setAttribute('scope', 'col'); tr.appendChild(th); });
          head.appendChild(tr);
          var body = $('r-table').tBodies[0]; clear(body);
          rows.forEach(function (r) {
            var line = el('tr');
            columns.forEach(function (c) { line.appendChild(el('td', '', cellText(c, r[c]))); });
            body.appendChild(line);
          });
          $('r-status').textContent = rows.length + ' rows, ' + data.period.from + ' to ' + data.period.to + ' (' + data.period.timeZone + ', ' +
            data.period.interval + ') in ' + (Date.now() - started) + ' ms' + (data.next ? '; more rows: download the CSV or narrow the range' : '');
          drawBars(data.report, data.rows);
        } catch (e) { $('r-status').textContent = e.message; }
      }

      function drawBars(name, rows) {
        var box = $('r-chart'); clear(box);
        var spec = chartOf[name];
        if (!spec || !rows.length) { box.hidden = true; return; }
        box.hidden = false;
        var totals = {}, order = [];
        rows.forEach(function (r) {
          var label = r.interval || r.workgroup || r.agent || '';
          if (!(label in totals)) { totals[label] = 0; order.push(label); }
          totals[label] += r[spec[0]] || 0;
        });
        var top = Math.max.apply(null, order.map(function (l) { return totals[l]; }).concat([1]));
        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'bars'); svg.setAttribute('viewBox', '0 0 600 160'); svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', spec[1] + ' per ' + (rows[0].interval ? 'interval' : 'row') + ', highest ' + top);
        var width = 600 / order.length;
        order.forEach(function (label, i) {
          var rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
          var h = totals[label] / top * 150;
          rect.setAttribute('x', (i * width + width * 0.1).toFixed(1)); rect.setAttribute('width', Math.max(1, width * 0.8).toFixed(1));
          rect.setAttribute('y', (158 - h).toFixed(1)); rect.setAttribute('height', h.toFixed(1));
          var title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
          title.textContent = label + ': ' + totals[label];
          rect.appendChild(title);
          svg.appendChild(rect);
        });
        box.appendChild(el('p', 'chart-label', spec[1] + ' (' + order[0] + ' to ' + order[order.length - 1] + ')'));
        box.appendChild(svg);
      }

    """#
}
