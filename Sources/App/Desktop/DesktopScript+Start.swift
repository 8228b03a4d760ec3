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

  // Signing out puts the conversations the agent holds back in the queue: ask first, as wrap-up does.
  function signOut() {
    var held = S.convs.size;
    if (!held) { signOutNow(); return; }
    var drafts = 0;
    S.convs.forEach(function (conv) { if ((conv.id === S.selected ? $('reply').value : conv.draft || '').trim()) drafts += 1; });
    $('signout-subtitle').textContent = 'You hold ' + held + (held === 1 ? ' conversation. It goes' : ' conversations. They go') +
      ' back to the queue for another agent' +
      (drafts ? ', and ' + drafts + (drafts === 1 ? ' unsent draft is' : ' unsent drafts are') + ' discarded.' : '.');
    $('signout-dialog').showModal();
    $('signout-cancel').focus();
  }

  function confirmSignOut(event) {
    event.preventDefault();
    $('signout-dialog').close();
    signOutNow();
  }

  async function signOutNow() {
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
      // Sign out while the session's CSRF token is still known (stopDesk forgets it).
      try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* ignore */ }
      stopDesk();
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

"""#
}
