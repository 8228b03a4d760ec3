extension DesktopAssets {
    /// The desktop script, part of `script`: Start-up: the DOM and time helpers, storage, the API client, sign-in, agent state, the connection and the event stream, loading.
    static let scriptStart = #"""
// Parley agent desktop. One script, no dependencies. Customer and agent text only ever reaches the page
// through textContent and DOM APIs: nothing here parses strings as HTML.
(function () {
  'use strict';

  var OFFER_SECONDS = 30;
  var LONG_MESSAGE = 2500;
  var MAX_REPLY = 20000;
  var SYSTEM_REASONS = { rona: 'RONA (missed an offer)', disconnected: 'Disconnected (the desktop lost its connection)' };
  var PLATFORMS = { web: 'Web chat', facebook: 'Facebook', messenger: 'Messenger', instagram: 'Instagram', whatsapp: 'WhatsApp',
    x: 'X', line: 'LINE', open: 'Custom channel' };
  var OUTCOMES = { wrapped_up: 'Wrapped up', deflected: 'Deflected', abandoned: 'Abandoned', auto_closed: 'Closed after inactivity' };
  var STATES = { offered: 'Offered', active: 'Active', waiting_for_customer: 'Waiting for the customer', wrap_up: 'Wrap-up', closed: 'Closed',
    queued: 'Queued', 'new': 'New' };

  var S = {
    me: null, csrf: null, agentState: null, reasons: [], codes: [], channelNames: {},
    convs: new Map(), offers: new Map(), contacts: new Map(), selected: null,
    position: null, ws: null, live: false, attempt: 0, reconnectTimer: null, reconnectAt: 0, downSince: 0,
    refreshing: null, refreshAgain: false, refreshFull: false, clockOffset: 0, stopped: true, flushing: new Set(), flushTimer: null
  };

  function $(id) { return document.getElementById(id); }

  // ---------------------------------------------------------------------------------------------
  // DOM building: text goes in as text nodes, attributes through setAttribute.

  function el(tag, props) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'className') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key === 'on') Object.keys(value).forEach(function (type) { node.addEventListener(type, value[type]); });
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    children.forEach(function (child) { append(node, child); });
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  // ---------------------------------------------------------------------------------------------
  // Time

  function now() { return Date.now() + S.clockOffset; }

  // The server's clock from its Date header, so times since offers and states do not depend on this PC's clock.
  function noteServerClock(response) {
    var header = response.headers.get('Date');
    var server = header ? Date.parse(header) : NaN;
    if (isNaN(server)) return;
    var offset = server + 500 - Date.now();
    S.clockOffset = Math.abs(offset) > 2000 ? offset : 0;
  }

  function parseTime(text) { var t = text ? Date.parse(text) : NaN; return isNaN(t) ? null : t; }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m, ss = (s < 10 ? '0' : '') + s;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function ago(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + (Math.floor(s / 60) % 60) + ' min';
    return Math.floor(s / 86400) + ' d';
  }

  function shortAgo(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h';
    return Math.floor(s / 86400) + 'd';
  }

  function timeOfDay(t) { return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function dateTime(t) { return new Date(t).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }); }
  function dateOnly(t) { return new Date(t).toLocaleDateString([], { dateStyle: 'medium' }); }

  // ---------------------------------------------------------------------------------------------
  // Storage: per user and per tab, so a reload keeps drafts, queued replies and the stream position.

  function storageKey(name) { return 'parley.desktop.' + (S.me ? S.me.id : 'anon') + '.' + name; }

  function load(name, fallback) {
    try {
      var text = window.sessionStorage.getItem(storageKey(name));
      return text ? JSON.parse(text) : fallback;
    } catch (e) { return fallback; }
  }

  function save(name, value) {
    try { window.sessionStorage.setItem(storageKey(name), JSON.stringify(value)); } catch (e) { /* storage full or blocked */ }
  }

  function saveDrafts() {
    var drafts = {};
    S.convs.forEach(function (c) { if (c.draft) drafts[c.id] = c.draft; });
    save('drafts', drafts);
  }

  function saveOutbox() {
    var outbox = {};
    S.convs.forEach(function (c) {
      var items = c.outbox.map(function (o) {
        return { key: o.key, text: o.text, attachments: o.attachments || [], visibility: o.visibility || null, createdAt: o.createdAt,
          error: o.error || null };
      });
      if (items.length) outbox[c.id] = items;
    });
    save('outbox', outbox);
  }

  function saveRead() {
    var read = {};
    S.convs.forEach(function (c) { if (c.lastRead) read[c.id] = c.lastRead; });
    save('read', read);
  }

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // ---------------------------------------------------------------------------------------------
  // The API

  function ApiError(status, code, message, retryAfter) {
    this.status = status; this.code = code; this.message = message; this.retryAfter = retryAfter;
  }

  function isTransient(error) {
    return error instanceof ApiError && (error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500);
  }

  // One JSON request. Writes carry the CSRF token; a 401 outside sign-in ends the session on this page.
  async function api(method, path, body, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.raw) headers['Content-Type'] = options.contentType;
    if (method !== 'GET' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
    if (options.headers) Object.keys(options.headers).forEach(function (k) { headers[k] = options.headers[k]; });
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, options.timeout || 20000) : null;
    var response;
    try {
      response = await fetch(path, {
        method: method, headers: headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error',
        body: options.raw || (body === undefined ? undefined : JSON.stringify(body)), signal: controller ? controller.signal : undefined
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'Parley cannot be reached right now.', 0);
    } finally {
      if (timer) clearTimeout(timer);
    }
    noteServerClock(response);
    var text = '';
    try { text = await response.text(); } catch (e) { throw new ApiError(0, 'network', 'The connection dropped during the answer.', 0); }
    var data = null;
    if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
    if (!response.ok) {
      var detail = (data && data.error) || {};
      var error = new ApiError(response.status, detail.code || 'http_' + response.status,
        detail.message || 'Parley answered ' + response.status + '.', parseInt(response.headers.get('Retry-After') || '0', 10) || 0);
      if (response.status === 401 && !options.signIn) sessionEnded();
      throw error;
    }
    return data;
  }

  function path() {
    return '/api/v1/' + Array.prototype.map.call(arguments, function (part) { return encodeURIComponent(part); }).join('/');
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in and sign-out

  // One main landmark at a time: the sign-in form or the workspace.
  function show(section) {
    $('boot').hidden = section !== 'boot';
    $('signin').hidden = section !== 'signin';
    $('desk').hidden = section !== 'desk';
    if (section === 'signin') { $('signin').setAttribute('role', 'main'); $('workspace').removeAttribute('role'); }
    if (section === 'desk') { $('workspace').setAttribute('role', 'main'); $('signin').removeAttribute('role'); }
  }

  function showSignIn(notice) {
    show('signin');
    document.title = 'Sign in \u00b7 Parley';
    var box = $('signin-notice');
    box.hidden = !notice;
    box.textContent = notice || '';
    $('signin-error').hidden = true;
    $('signin-submit').disabled = false;
    $('signin-password').value = '';
    var name = $('signin-username');
    (name.value ? $('signin-password') : name).focus();
  }

  async function signIn(event) {
    event.preventDefault();
    var username = $('signin-username').value.trim(), password = $('signin-password').value;
    var error = $('signin-error'), button = $('signin-submit');
    if (!username || !password) { error.hidden = false; error.textContent = 'Enter your username and password.'; return; }
    button.disabled = true;
    error.hidden = true;
    try {
      var session = await api('POST', '/api/v1/auth/login', { username: username, password: password }, { signIn: true });
      $('signin-password').value = '';
      startDesk(session);
    } catch (e) {
      error.hidden = false;
      if (e.status === 401) error.textContent = 'That username and password do not match. Check them and try again.';
      else if (e.status === 429) {
        var wait = e.retryAfter || 30;
        error.textContent = 'Too many sign-in attempts. Try again in ' + wait + ' s.';
        setTimeout(function () { button.disabled = false; }, wait * 1000);
        return;
      } else error.textContent = e.message || 'Sign-in failed.';
      button.disabled = false;
      $('signin-password').focus();
      $('signin-password').select();
    }
  }

  async function signOut() {
    $('signout').disabled = true;
    if (S.agentState && S.agentState.state !== 'logged_out') {
      try { await api('PUT', '/api/v1/me/state', { state: 'logged_out' }); } catch (e) { /* still sign out */ }
    }
    try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* the cookie may already be gone */ }
    try {
      Object.keys(window.sessionStorage).forEach(function (k) { if (k.indexOf(storageKey('')) === 0) window.sessionStorage.removeItem(k); });
    } catch (e) { /* ignore */ }
    stopDesk();
    $('signout').disabled = false;
    showSignIn('You are signed out.');
  }

  // A 401 from the API: the session expired or was revoked. Drafts and queued replies stay in this tab's
  // storage and come back after signing in again.
  function sessionEnded() {
    if (S.stopped) return;
    saveDrafts();
    saveOutbox();
    stopDesk();
    showSignIn('Your session has ended. Sign in again to continue; your drafts are kept.');
  }

  function stopDesk() {
    S.stopped = true;
    if (S.ws) { var ws = S.ws; S.ws = null; try { ws.close(1000); } catch (e) { /* closed */ } }
    clearTimeout(S.reconnectTimer);
    S.live = false;
    S.offers.forEach(function (offer) { offer.node.remove(); });
    S.offers.clear();
    S.convs.clear();
    S.contacts.clear();
    S.selected = null;
    S.position = null;
    S.me = null;
    S.csrf = null;
    closeDialogs();
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  async function startDesk(session) {
    S.me = session.user;
    S.csrf = session.csrfToken || null;
    S.stopped = false;
    if (S.me.roles.indexOf('agent') < 0) {
      stopDesk();
      try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* ignore */ }
      showSignIn('The account you signed in with is not an agent. The desktop needs an account with the agent role.');
      return;
    }
    S.position = load('position', null);
    show('desk');
    setText($('agent-name'), S.me.displayName || S.me.username);
    setText($('agent-initials'), initials(S.me.displayName || S.me.username));
    setBanner(null);
    renderState();
    renderList();
    renderSelected();
    var lookups = [
      api('GET', '/api/v1/not-ready-reasons').then(function (d) { S.reasons = d.codes || []; renderState(); }),
      api('GET', '/api/v1/wrap-up-codes').then(function (d) { S.codes = d.codes || []; }),
      api('GET', '/api/v1/channels').then(function (d) {
        (d.channels || []).forEach(function (c) { S.channelNames[c.id] = c.name; });
        renderList();
      }, function () { /* agents may not list channels: the id is shown instead */ })
    ];
    connect();
    refreshAll();
    try { await Promise.all(lookups); } catch (e) { if (!S.stopped) setBanner('Some settings could not be loaded: ' + e.message, true); }
  }

  async function boot() {
    bindStaticHandlers();
    var delay = 1000;
    for (;;) {
      try {
        var session = await api('GET', '/api/v1/me', undefined, { signIn: true });
        startDesk(session);
        return;
      } catch (e) {
        if (e.status === 401) { showSignIn(null); return; }
        show('boot');
        $('boot').textContent = 'Parley cannot be reached (' + e.message + '). Trying again in ' + Math.round(delay / 1000) + ' s\u2026';
        await new Promise(function (resolve) { setTimeout(resolve, delay); });
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

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
        offerGone(id, 'The customer left or the offer was withdrawn.');
        break;
      case 'interaction.rona':
        offerGone(id, 'Not answered in time.');
        break;
      case 'interaction.rejected':
        offerGone(id, null);
        break;
      case 'interaction.accepted':
        if (mine && id) accepted(id, false);
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
