extension DesktopAssets {
    /// The desktop script, part of `script`: the agent's state, the banner and connection indicator, the event stream, and loading everything.
    static let scriptLive = #"""
  // ---------------------------------------------------------------------------------------------
  // Agent state

  function reasonName(id) {
    if (SYSTEM_REASONS[id]) return SYSTEM_REASONS[id];
    var reason = S.reasons.filter(function (r) { return r.id === id; })[0];
    return reason ? reason.name : id;
  }

  function stateLabel(state) {
    if (!state) return '\u2026';
    if (state.state === 'ready') return 'Ready';
    if (state.state === 'logged_out') return 'Logged out';
    return 'Not ready' + (state.reason ? ' \u2014 ' + reasonName(state.reason) : '');
  }

  function stateValue(state) {
    if (!state) return '';
    if (state.state === 'not_ready') return 'not_ready:' + (state.reason || '');
    return state.state;
  }

  function renderState() {
    var select = $('state-select');
    var state = S.agentState;
    var current = stateValue(state);
    var options = [{ value: 'ready', label: 'Ready' }];
    S.reasons.forEach(function (r) {
      if (r.active === false || SYSTEM_REASONS[r.id]) return;
      options.push({ value: 'not_ready:' + r.id, label: 'Not ready \u2014 ' + r.name });
    });
    options.push({ value: 'logged_out', label: 'Logged out' });
    if (state && !options.some(function (o) { return o.value === current; })) {
      options.splice(1, 0, { value: current, label: stateLabel(state), disabled: true });
    }
    if (!state) options.unshift({ value: '', label: 'Loading\u2026', disabled: true });
    var signature = JSON.stringify(options) + '|' + current;
    if (select.dataset.signature !== signature) {
      clear(select);
      options.forEach(function (o) { select.appendChild(el('option', { value: o.value, disabled: o.disabled, text: o.label })); });
      select.value = current;
      select.dataset.signature = signature;
    }
    $('state-dot').className = 'state-dot ' + (state ? state.state : '');
    tickState();
    renderEmptyHint();
  }

  function tickState() {
    var state = S.agentState, since = state ? parseTime(state.since) : null;
    setText($('state-time'), since && since > 0 ? clock((now() - since) / 1000) : '');
  }

  function setAgentState(state) {
    var before = S.agentState;
    S.agentState = state;
    renderState();
    if (state.state === 'not_ready' && state.reason === 'rona' && !(before && before.reason === 'rona')) {
      setBanner('You did not answer an offer in time, so Parley set you Not ready. Choose Ready when you can take conversations.', true, null, 'state');
    } else if (state.state === 'not_ready' && state.reason === 'disconnected' && S.live && !(before && before.reason === 'disconnected')) {
      setBanner('Parley set you Not ready while this desktop was disconnected. Choose Ready to take conversations again.', true, null, 'state');
    } else if (state.state === 'ready' && $('banner').dataset.kind === 'state') setBanner(null);
  }

  async function changeState() {
    var select = $('state-select');
    var value = select.value;
    var body = value === 'ready' ? { state: 'ready' } : value === 'logged_out' ? { state: 'logged_out' }
      : { state: 'not_ready', reason: value.slice('not_ready:'.length) };
    select.disabled = true;
    try {
      setAgentState(await api('PUT', '/api/v1/me/state', body));
    } catch (e) {
      select.value = stateValue(S.agentState);
      if (e.status !== 401) setBanner('Your state was not changed: ' + e.message, true);
    } finally {
      select.disabled = false;
    }
  }

  async function refreshState() {
    try { setAgentState(await api('GET', '/api/v1/me/state')); } catch (e) { /* the next refresh tries again */ }
  }

  // ---------------------------------------------------------------------------------------------
  // Banner and connection indicator

  // One message under the header. `kind` lets a later event clear only its own kind of message.
  function setBanner(text, isError, action, kind) {
    var banner = $('banner');
    clear(banner);
    banner.hidden = !text;
    banner.dataset.kind = text ? kind || '' : '';
    banner.className = 'banner' + (isError ? ' error' : '');
    if (!text) return;
    banner.appendChild(document.createTextNode(text));
    if (action) banner.appendChild(el('button', { type: 'button', on: { click: action.run }, text: action.label }));
    banner.appendChild(el('button', { type: 'button', 'aria-label': 'Dismiss this message', text: 'Dismiss', on: { click: function () { setBanner(null); } } }));
  }

  function renderConnection() {
    var box = $('connection'), text;
    if (S.live) text = 'Live';
    else if (S.ws && !S.downSince) text = 'Connecting\u2026';
    else {
      var wait = Math.max(0, Math.ceil((S.reconnectAt - Date.now()) / 1000));
      text = S.ws || wait === 0 ? 'Reconnecting\u2026' : 'Reconnecting in ' + wait + ' s\u2026';
    }
    box.className = 'connection ' + (S.live ? 'live' : S.downSince ? 'reconnecting' : 'connecting');
    setText($('connection-text'), text);
    var queued = 0;
    S.convs.forEach(function (c) { queued += c.outbox.filter(function (o) { return !o.error; }).length; });
    if (!S.live && S.downSince && Date.now() - S.downSince > 3000 && $('banner').dataset.kind !== 'origin') {
      var message = 'The connection to Parley is lost. The desktop keeps trying; replies you send are queued' +
        (queued ? ' (' + queued + ' waiting)' : '') + ' and go out once it is back.';
      if ($('banner').dataset.kind !== 'offline' || $('banner').firstChild.textContent !== message) {
        setBanner(message, true, { label: 'Retry now', run: function () { reconnectNow(); } }, 'offline');
      }
    } else if (S.live && $('banner').dataset.kind === 'offline') {
      setBanner(null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The event stream

  function setPosition(position) {
    if (typeof position !== 'number' || (S.position !== null && position <= S.position)) return;
    S.position = position;
    save('position', position);
  }

  function connect() {
    if (S.stopped) return;
    clearTimeout(S.reconnectTimer);
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream' +
      (S.position !== null ? '?after=' + encodeURIComponent(S.position) : '');
    var ws;
    try { ws = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    S.ws = ws;
    renderConnection();
    ws.onmessage = function (message) { if (S.ws === ws) handleFrame(message.data); };
    ws.onclose = function (event) {
      if (S.ws !== ws) return;
      S.ws = null;
      S.live = false;
      if (!S.downSince) S.downSince = Date.now();
      var code = event ? event.code : 0;
      if (code === 4401) { sessionEnded(); return; }
      if (code === 4400) { S.position = null; save('position', null); S.attempt = 0; }
      if (code === 4403) {
        S.attempt = 6;
        setBanner('Parley refuses the live stream to this page (its address is not an allowed origin). Open the desktop at Parley\'s own address.', true, null, 'origin');
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (S.stopped) return;
    var delay = Math.min(30000, 1000 * Math.pow(2, S.attempt)) * (0.8 + Math.random() * 0.4);
    S.attempt = Math.min(S.attempt + 1, 6);
    S.reconnectAt = Date.now() + delay;
    renderConnection();
    clearTimeout(S.reconnectTimer);
    S.reconnectTimer = setTimeout(probeAndConnect, delay);
  }

  function reconnectNow() {
    if (S.stopped || S.ws) return;
    clearTimeout(S.reconnectTimer);
    probeAndConnect();
  }

  // Before reopening the stream, ask who we are: a 401 means the session ended (the stream would only be
  // refused without saying why); a network error means Parley is still away.
  async function probeAndConnect() {
    if (S.stopped || S.ws) return;
    S.reconnectAt = 0;
    renderConnection();
    try {
      var session = await api('GET', '/api/v1/me');
      if (session.csrfToken) S.csrf = session.csrfToken;
    } catch (e) {
      if (!S.stopped && e.status !== 401) scheduleReconnect();
      return;
    }
    connect();
  }

  function handleFrame(text) {
    var frame;
    try { frame = JSON.parse(text); } catch (e) { return; }
    if (!frame || typeof frame !== 'object') return;
    if (frame.kind === 'event') {
      handleEvent(frame);
      setPosition(frame.position);
    } else if (frame.kind === 'caught_up') {
      setPosition(frame.position);
      S.live = true;
      S.attempt = 0;
      S.downSince = 0;
      renderConnection();
      refreshAll();
    } else if (frame.kind === 'resync') {
      // Parley could not replay everything we missed: reload from the API and continue from here.
      S.position = null;
      setPosition(frame.position);
      refreshAll(true);
    }
  }

  function handleEvent(frame) {
    var data = frame.data || {};
    var id = data.interactionID;
    var mine = !data.agentID || (S.me && data.agentID === S.me.id);
    switch (frame.type) {
      case 'interaction.offered':
        if (mine && id) offerArrived(id, parseTime(frame.recordedAt));
        break;
      case 'interaction.offer_revoked':
        // Also sent when a conversation the agent holds goes back to the queue (signed out elsewhere, or by a
        // supervisor): it is no longer theirs to answer.
        if (mine && id && S.convs.has(id)) conversationClosed(id, 'returned to the queue (you were signed out, or a supervisor took it back)');
        else offerGone(id, 'The customer left or the offer was withdrawn.');
        break;
      case 'interaction.rona':
        offerGone(id, 'Not answered in time.');
        break;
      case 'interaction.rejected':
        offerGone(id, null);
        break;
      case 'interaction.accepted':
        if (mine && id && !S.offers.has(id) && !S.convs.has(id)) acceptedForYou(id, parseTime(frame.recordedAt));
        else if (mine && id) accepted(id, false);
        else offerGone(id, null);
        break;
      case 'interaction.transferred':
        transferred(data);
        break;
      case 'interaction.wrapped_up':
        offerGone(id, null);
        conversationClosed(id, null);
        break;
      case 'interaction.auto_closed':
        offerGone(id, null);
        conversationClosed(id, 'closed after a long silence');
        break;
      case 'message.received':
      case 'message.sent':
      case 'message.failed':
      case 'message.status_changed':
      case 'message.edited':
      case 'message.removed':
      case 'message.hidden':
      case 'message.unhidden':
      case 'message.reacted':
        messageEvent(id, data.messageID);
        break;
      case 'interaction.action_taken':
      case 'interaction.note_added':
        messageEvent(id, null);
        break;
      case 'agent.state_changed':
        if (mine) refreshState();
        break;
      case 'contact.followed':
      case 'contact.unfollowed':
        followChanged(data, frame.type === 'contact.followed');
        break;
      default:
        if (window.console) window.console.info('Parley desktop: ignoring event type', frame.type);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading everything (at start, after a reconnect, after a resync)

  // `full` also reloads the messages we have (after a resync, when status changes may have been missed).
  function refreshAll(full) {
    if (S.stopped) return Promise.resolve();
    if (full) S.refreshFull = true;
    if (S.refreshing) { S.refreshAgain = true; return S.refreshing; }
    var reloadAll = S.refreshFull;
    S.refreshFull = false;
    S.refreshing = (async function () {
      try {
        var results = await Promise.all([api('GET', '/api/v1/interactions?limit=200'), api('GET', '/api/v1/me/state')]);
        if (S.stopped) return;
        setAgentState(results[1]);
        var open = new Set();
        results[0].interactions.forEach(function (interaction) {
          if (interaction.assignedAgentId && interaction.assignedAgentId !== S.me.id) return;
          open.add(interaction.id);
          if (interaction.state === 'offered') offerArrived(interaction.id, parseTime(interaction.updatedAt), interaction);
          else { removeOffer(interaction.id); upsertConversation(interaction); }
        });
        Array.from(S.convs.keys()).forEach(function (id) { if (!open.has(id)) conversationClosed(id, 'closed while you were away'); });
        Array.from(S.offers.keys()).forEach(function (id) { if (!open.has(id)) offerGone(id, null); });
        renderList();
        if (!S.selected && S.convs.size) {
          var remembered = load('selected', null);
          select(S.convs.has(remembered) ? remembered : S.convs.keys().next().value, false);
        }
        await Promise.all(Array.from(S.convs.values()).map(function (c) { return loadMessages(c, reloadAll); }));
        flushOutbox();
      } catch (e) {
        if (!S.stopped && e.status !== 401 && S.live) setBanner('Your conversations could not be loaded: ' + e.message, true, null, 'load');
      }
    })().finally(function () {
      S.refreshing = null;
      if (S.refreshAgain) { S.refreshAgain = false; refreshAll(); }
    });
    return S.refreshing;
  }

"""#
}
