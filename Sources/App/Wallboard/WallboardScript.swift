/// The wallboard's script: signs a supervisor in, polls `/api/v1/wallboard` every few seconds and at once on
/// any event of the live stream, and renders every figure as text (never markup). TV mode (button or `?tv=1`)
/// shows one workgroup at a time in large type and rotates through them.
enum WallboardScript {
    /// The served script: the live part with the reports view's functions inserted before start-up.
    static let script = live.replacingOccurrences(of: "  // ---- reports ----\n", with: reports)

    static let live = #"""
    (function () {
      'use strict';
      var S = { me: null, csrf: null, zone: null, data: null, reasons: [], calendars: [], timer: null, ws: null, wsTimer: null,
        refreshTimer: null, tvIndex: 0, tvTimer: null, failures: 0 };
      function $(id) { return document.getElementById(id); }
      function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = String(text);
        return node;
      }
      function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

      async function api(method, path, body) {
        var headers = { Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (method !== 'GET' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
        var response;
        try {
          response = await fetch(path, { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
            body: body === undefined ? undefined : JSON.stringify(body) });
        } catch (e) { throw { status: 0, message: 'Parley cannot be reached right now.' }; }
        var text = await response.text(), data = null;
        if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
        if (!response.ok) {
          var detail = (data && data.error) || {};
          throw { status: response.status, message: detail.message || ('Parley answered ' + response.status + '.') };
        }
        return data;
      }

      function duration(ms) {
        if (ms === null || ms === undefined) return '-';
        var s = Math.max(0, Math.round(ms / 1000));
        if (s < 60) return s + 's';
        var m = Math.floor(s / 60); s = s % 60;
        if (m < 60) return m + 'm ' + (s < 10 ? '0' : '') + s + 's';
        var h = Math.floor(m / 60); m = m % 60;
        return h + 'h ' + (m < 10 ? '0' : '') + m + 'm';
      }
      function percent(value) { return value === null || value === undefined ? '-' : value.toFixed(1) + '%'; }

      function showSignIn(message) {
        $('board').hidden = true; $('signin').hidden = false;
        $('signin-error').textContent = message || '';
        $('username').focus();
      }

      async function start(session) {
        S.me = session.user; S.csrf = session.csrfToken || null;
        var roles = S.me.roles || [];
        if (roles.indexOf('supervisor') < 0 && roles.indexOf('admin') < 0) {
          try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* ignore */ }
          showSignIn('The wallboard needs a supervisor or admin account.');
          return;
        }
        $('signin').hidden = true; $('board').hidden = false;
        S.zone = localStorage.getItem('parley-wallboard-zone') || '';
        $('zone').value = S.zone;
        var zones = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo',
          'Australia/Sydney'];
        try { var local = Intl.DateTimeFormat().resolvedOptions().timeZone; if (local && zones.indexOf(local) < 0) zones.unshift(local); } catch (e) { /* none */ }
        var list = $('zones'); clear(list);
        zones.forEach(function (zone) { var option = el('option'); option.value = zone; list.appendChild(option); });
        try { S.reasons = (await api('GET', '/api/v1/not-ready-reasons')).codes || []; } catch (e) { S.reasons = []; }
        await loadCalendars();
        await refresh();
        clearInterval(S.timer);
        S.timer = setInterval(refresh, 5000);
        connect();
        if (new URLSearchParams(location.search).get('tv') === '1') setTV(true);
      }

      async function loadCalendars() {
        try { S.calendars = (await api('GET', '/api/v1/calendars')).calendars || []; } catch (e) { S.calendars = []; }
        renderCalendars();
      }

      async function refresh() {
        var query = S.zone ? '?tz=' + encodeURIComponent(S.zone) : '';
        try {
          S.data = await api('GET', '/api/v1/wallboard' + query);
          S.failures = 0;
          $('error').textContent = '';
          render();
        } catch (e) {
          if (e.status === 401) { stop(); showSignIn('Your session ended. Sign in again.'); return; }
          S.failures += 1;
          $('error').textContent = e.message + (S.failures > 1 ? ' (retrying)' : '');
        }
      }

      function scheduleRefresh() {
        clearTimeout(S.refreshTimer);
        S.refreshTimer = setTimeout(refresh, 600);
      }

      function connect() {
        if (S.ws) { try { S.ws.close(); } catch (e) { /* ignore */ } }
        var ws;
        try { ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream'); }
        catch (e) { renderConnection(false); S.wsTimer = setTimeout(connect, 5000); return; }
        S.ws = ws;
        ws.onopen = function () { renderConnection(true); };
        ws.onmessage = function () { scheduleRefresh(); };
        ws.onclose = function () {
          if (S.ws !== ws) return;
          renderConnection(false);
          clearTimeout(S.wsTimer);
          S.wsTimer = setTimeout(connect, 5000);
        };
      }

      function renderConnection(up) {
        var pill = $('connection');
        pill.textContent = up ? 'Live' : 'Reconnecting';
        pill.className = up ? 'pill' : 'pill down';
      }

      function stop() {
        clearInterval(S.timer); clearTimeout(S.wsTimer); clearInterval(S.tvTimer);
        if (S.ws) { var ws = S.ws; S.ws = null; try { ws.close(); } catch (e) { /* ignore */ } }
      }

      function render() {
        var d = S.data;
        $('day').textContent = d.day + ' (' + d.timeZone + ')';
        $('updated').textContent = 'updated ' + d.generatedAt.slice(11, 19);
        renderAlerts(d.alerts);
        renderWorkgroups(d.workgroups);
        renderPlatforms(d.platforms);
        renderSocial(d.social);
        renderAgents(d.agents);
      }

      var metricNames = { waiting: 'Waiting', longest_waiting_seconds: 'Longest waiting (s)', service_level_percent: 'Service level (%)',
        abandoned: 'Abandoned', average_wait_seconds: 'Average wait (s)', ready_agents: 'Ready agents' };

      function renderAlerts(alerts) {
        var box = $('alerts'); clear(box);
        var names = {};
        (S.data.workgroups || []).forEach(function (w) { names[w.id] = w.name; });
        alerts.forEach(function (a) {
          box.appendChild(el('div', 'alert', (names[a.workgroup] || a.workgroup) + ': ' + (metricNames[a.metric] || a.metric) + ' ' +
            (Math.round(a.value * 10) / 10) + ' is ' + a.kind + ' ' + a.bound));
        });
      }

      function figure(list, label, value, bad) {
        var item = el('div', bad ? 'bad' : '');
        item.appendChild(el('span', 'label', label));
        item.appendChild(el('span', 'value', value));
        list.appendChild(item);
      }

      function chart(points, key, max, label, target) {
        var wrap = el('div');
        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'chart'); svg.setAttribute('viewBox', '0 0 240 48'); svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        var values = points.map(function (p) { return p[key]; });
        var top = max || Math.max.apply(null, values.filter(function (v) { return typeof v === 'number'; }).concat([1]));
        var coords = [];
        values.forEach(function (v, i) {
          if (typeof v !== 'number') return;
          var x = values.length > 1 ? i * 240 / (values.length - 1) : 120;
          coords.push(x.toFixed(1) + ',' + (46 - Math.min(v, top) / top * 44).toFixed(1));
        });
        if (target) {
          var line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
          var y = (46 - target / top * 44).toFixed(1);
          line.setAttribute('class', 'target'); line.setAttribute('x1', '0'); line.setAttribute('x2', '240');
          line.setAttribute('y1', y); line.setAttribute('y2', y);
          svg.appendChild(line);
        }
        var poly = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
        poly.setAttribute('points', coords.join(' '));
        svg.appendChild(poly);
        coords.forEach(function (c) {
          var dot = document.createElementNS('http://www.w3.org/2000/svg', 'line');
          var xy = c.split(',');
          dot.setAttribute('class', 'dot');
          dot.setAttribute('x1', xy[0]); dot.setAttribute('y1', xy[1]); dot.setAttribute('x2', xy[0]); dot.setAttribute('y2', xy[1]);
          svg.appendChild(dot);
        });
        var last = values.filter(function (v) { return typeof v === 'number'; }).pop();
        var text = label + (last === undefined ? ': no data yet' : ' (now ' + (Math.round(last * 10) / 10) + ')') + ', by hour';
        svg.setAttribute('aria-label', text);
        wrap.appendChild(svg);
        wrap.appendChild(el('p', 'chart-label', text));
        return wrap;
      }

      function renderWorkgroups(groups) {
        var box = $('workgroups'); clear(box);
        var flagged = {};
        (S.data.alerts || []).forEach(function (a) { flagged[a.workgroup + '/' + a.metric] = true; });
        groups.forEach(function (w, index) {
          var card = el('article', 'card wg' + (index === S.tvIndex % Math.max(groups.length, 1) ? ' current' : ''));
          card.setAttribute('aria-label', w.name);
          card.appendChild(el('h3', '', w.name));
          var list = el('div', 'figures');
          figure(list, 'Waiting', w.waiting, flagged[w.id + '/waiting']);
          figure(list, 'Longest wait', duration(w.longestWaitingMs), flagged[w.id + '/longest_waiting_seconds']);
          // The workgroup's goal: answered within its service_level_seconds, and the share to reach.
          var within = w.serviceLevelSeconds !== null && w.serviceLevelSeconds !== undefined ? ' within ' + duration(w.serviceLevelSeconds * 1000) : '';
          var goal = w.serviceLevelTarget !== null && w.serviceLevelTarget !== undefined ? ' (goal ' + Math.round(w.serviceLevelTarget * 100) + '%)' : '';
          figure(list, 'Service level' + within + goal, percent(w.serviceLevelPercent),
            flagged[w.id + '/service_level_percent']);
          figure(list, 'Offered', w.offered);
          figure(list, 'Answered', w.answered);
          figure(list, 'Abandoned', w.abandoned, flagged[w.id + '/abandoned']);
          figure(list, 'Avg wait', duration(w.averageWaitMs), flagged[w.id + '/average_wait_seconds']);
          figure(list, 'Avg handle', duration(w.averageHandleMs));
          figure(list, 'Deflected', w.deflected);
          card.appendChild(list);
          var a = w.agents;
          // "Handling work" overlaps the states (a ready agent may hold conversations), so it is said apart.
          card.appendChild(el('p', 'agents-line', 'Agents: ' + a.ready + ' ready, ' + a.notReady + ' not ready, ' +
            a.loggedOut + ' logged out · ' + a.busy + ' handling work'));
          card.appendChild(chart(w.series, 'serviceLevelPercent', 100, 'Service level %'));
          card.appendChild(chart(w.series, 'averageQueueLength', 0, 'Average queue length'));
          box.appendChild(card);
        });
        if (!groups.length) box.appendChild(el('p', 'muted', 'No workgroups yet.'));
      }

      function renderPlatforms(platforms) {
        var body = $('platforms').tBodies[0]; clear(body);
        platforms.forEach(function (p) {
          var row = el('tr');
          row.appendChild(el('th', '', p.title)).setAttribute('scope', 'row');
          [p.inbound, p.outbound, p.active, p.waiting].forEach(function (v) { row.appendChild(el('td', '', v)); });
          body.appendChild(row);
        });
        if (!platforms.length) { var row = el('tr'); var cell = el('td', 'muted', 'No messages today.'); cell.colSpan = 5; row.appendChild(cell); body.appendChild(row); }
      }

      function renderSocial(s) {
        var list = $('social'); clear(list);
        function item(label, value, id) {
          list.appendChild(el('dt', '', label));
          var dd = el('dd', '', value);
          if (id) {
            var open = el('button', '', 'Open');
            open.type = 'button';
            open.setAttribute('aria-label', 'Open ' + label.toLowerCase());
            open.addEventListener('click', function () { openInteraction(id); });
            dd.appendChild(document.createTextNode(' '));
            dd.appendChild(open);
          }
          list.appendChild(dd);
        }
        item('Active social conversations', s.activeSocialConversations);
        item('Active social direct messages', s.activeSocialDirectMessages);
        item('Longest social conversation', duration(s.longestSocialConversationMs), s.longestSocialConversationId);
        item('Longest social direct message', duration(s.longestSocialDirectMessageMs), s.longestSocialDirectMessageId);
      }

      // Rows are kept between refreshes and filled in place, so a supervisor's state control stays where it is
      // while the figures beside it move on (and shows the result of their own Apply).
      function renderAgents(agents) {
        var body = $('agents').tBodies[0];
        var same = agents.length === body.rows.length && agents.every(function (a, i) { return body.rows[i].dataset.agent === a.id; });
        var focused = document.activeElement && body.contains(document.activeElement);
        if (!same && !focused) {
          clear(body);
          agents.forEach(function (a) { body.appendChild(agentRow(a)); });
        }
        var rows = {};
        Array.prototype.forEach.call(body.rows, function (row) { rows[row.dataset.agent] = row; });
        agents.forEach(function (a) { if (rows[a.id]) fillAgentRow(rows[a.id], a); });
      }

      function stateValue(a) { return a.state === 'not_ready' && a.reason ? 'not_ready:' + a.reason : a.state; }

      function fillAgentRow(row, a) {
        var reasonName = a.reason;
        S.reasons.forEach(function (r) { if (r.id === a.reason) reasonName = r.name; });
        row.cells[1].className = 'state-' + a.state;
        row.cells[1].textContent = a.state.replace('_', ' ') + (reasonName ? ' (' + reasonName + ')' : '');
        row.cells[2].textContent = duration(a.inStateMs);
        var load = Object.keys(a.load).map(function (k) { return k.replace('_', ' ') + ' ' + a.load[k]; }).join(', ');
        row.cells[3].textContent = load || '-';
        row.dataset.state = a.state;
        var select = row.querySelector('select');
        // The control shows the agent's state until the supervisor picks another one.
        if (!select.dataset.picked && document.activeElement !== select) {
          var current = stateValue(a);
          if (Array.prototype.some.call(select.options, function (o) { return o.value === current; })) select.value = current;
        }
      }

      function agentRow(a) {
        var row = el('tr');
        row.dataset.agent = a.id;
        row.appendChild(el('th', '', a.name)).setAttribute('scope', 'row');
        row.appendChild(el('td'));
        row.appendChild(el('td'));
        row.appendChild(el('td'));
        var cell = el('td');
        var select = el('select');
        select.setAttribute('aria-label', 'New state for ' + a.name);
        [['ready', 'Ready'], ['logged_out', 'Logged out']].forEach(function (o) {
          var option = el('option', '', o[1]); option.value = o[0]; select.appendChild(option);
        });
        S.reasons.filter(function (r) { return r.active !== false && r.id !== 'rona' && r.id !== 'disconnected'; }).forEach(function (r) {
          var option = el('option', '', 'Not ready: ' + r.name); option.value = 'not_ready:' + r.id; select.appendChild(option);
        });
        select.addEventListener('change', function () { select.dataset.picked = '1'; });
        var apply = el('button', '', 'Apply');
        apply.type = 'button';
        apply.setAttribute('aria-label', 'Apply the new state for ' + a.name);
        apply.addEventListener('click', async function () {
          var parts = select.value.split(':');
          if (parts[0] === 'ready' && row.dataset.state === 'logged_out' &&
              !window.confirm(a.name + ' is not signed in. Make them Ready anyway? Customers offered to them wait until the offer times out.')) return;
          try {
            await api('PUT', '/api/v1/users/' + encodeURIComponent(a.id) + '/state', { state: parts[0], reason: parts[1] || null });
            delete select.dataset.picked;
            $('error').textContent = '';
            await refresh();
          } catch (e) { $('error').textContent = e.message; }
        });
        cell.appendChild(select); cell.appendChild(document.createTextNode(' ')); cell.appendChild(apply);
        row.appendChild(cell);
        return row;
      }

      function renderCalendars() {
        var list = $('calendars'); clear(list);
        S.calendars.forEach(function (c) {
          var item = el('li');
          var on = c.emergency && c.emergency.enabled;
          item.appendChild(el('span', '', c.name + ': ' + (on ? 'EMERGENCY ON' : (c.open ? 'open' : 'closed')) + ' '));
          var toggle = el('button', '', on ? 'End emergency' : 'Start emergency');
          toggle.type = 'button';
          toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
          // The answer customers get is asked for here, filled with the calendar's own: a calendar without one used to
          // refuse the switch with an error shown far below, cleared by the next refresh.
          var problem = el('span', 'calendar-error');
          problem.setAttribute('role', 'alert');
          toggle.addEventListener('click', async function () {
            var body = { enabled: !on };
            if (!on) {
              var message = window.prompt('Start emergency mode for ' + c.name + '? Nothing is routed, and customers get this answer:',
                                          (c.emergency && c.emergency.message) || '');
              if (message === null) return;
              if (!message.trim()) { problem.textContent = ' Emergency mode needs the answer customers get.'; return; }
              // Sent only when changed: the prompt has one line, and the calendar's own message may have several.
              if (message.trim() !== ((c.emergency && c.emergency.message) || '').trim()) body.message = message.trim();
            }
            try {
              await api('PUT', '/api/v1/calendars/' + encodeURIComponent(c.id) + '/emergency', body);
              problem.textContent = '';
              await loadCalendars();
            } catch (e) { problem.textContent = ' ' + e.message; }
          });
          item.appendChild(toggle);
          item.appendChild(problem);
          list.appendChild(item);
        });
        if (!S.calendars.length) list.appendChild(el('li', 'muted', 'No calendars.'));
      }

      async function openInteraction(id) {
        var dialog = $('interaction');
        $('interaction-meta').textContent = 'Loading...';
        clear($('interaction-messages'));
        if (!dialog.open) dialog.showModal();
        try {
          var detail = await api('GET', '/api/v1/interactions/' + encodeURIComponent(id));
          var i = detail.interaction;
          $('interaction-meta').textContent = i.channelId + ', ' + i.visibility + ', ' + i.state + (i.workgroupId ? ', ' + i.workgroupId : '');
          detail.messages.forEach(function (m) {
            $('interaction-messages').appendChild(el('li', '', (m.direction === 'inbound' ? 'Customer: ' : 'Reply: ') + m.text));
          });
        } catch (e) { $('interaction-meta').textContent = e.message; }
      }

      function setTV(on) {
        document.body.classList.toggle('tv', on);
        $('tv').setAttribute('aria-pressed', on ? 'true' : 'false');
        clearInterval(S.tvTimer);
        if (on) S.tvTimer = setInterval(function () { S.tvIndex += 1; if (S.data) renderWorkgroups(S.data.workgroups); }, 10000);
      }

      // ---- reports ----
      document.addEventListener('DOMContentLoaded', async function () {
        $('view-live').addEventListener('click', function () { showView(false); });
        $('view-reports').addEventListener('click', function () { showView(true); });
        $('report-form').addEventListener('submit', runReport);
        $('report-form').addEventListener('change', updateCSV);
        $('signin-form').addEventListener('submit', async function (event) {
          event.preventDefault();
          try {
            var session = await api('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
            $('password').value = '';
            await start(session);
          } catch (e) { $('signin-error').textContent = e.status === 401 ? 'Wrong username or password.' : e.message; }
        });
        $('signout').addEventListener('click', async function () {
          stop();
          try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* ignore */ }
          showSignIn('Signed out.');
        });
        $('tv').addEventListener('click', function () { setTV(!document.body.classList.contains('tv')); });
        $('zone').addEventListener('change', function () {
          S.zone = $('zone').value.trim();
          localStorage.setItem('parley-wallboard-zone', S.zone);
          refresh();
        });
        $('interaction-close').addEventListener('click', function () { $('interaction').close(); });
        try { await start(await api('GET', '/api/v1/me')); } catch (e) { showSignIn(e.status === 401 ? '' : e.message); }
      });
    })();
    """#
}
