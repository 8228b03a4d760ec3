/*
 * Parley web messenger: the visitor's side of a Parley web-messaging channel.
 *
 *   <script src="https://parley.example.com/messenger/parley-messenger.js" data-channel="web" async></script>
 *
 * data-channel       the channel id (required)
 * data-server        Parley's base URL (default: the origin this script was loaded from)
 * data-title         the panel's heading (default: "Chat with us")
 * data-open          "true": open the panel when the page loads
 * data-visitor-name  a name to show agents for this visitor
 * data-accent        a CSS colour for the launcher, header and the visitor's bubbles
 *
 * Page scripts may call window.ParleyMessenger.open() and .close().
 * Plain ES2018, no dependencies. All text from the server is inserted as text, never as markup.
 */
(function () {
  'use strict';

  if (window.ParleyMessenger) return;

  const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
  const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
  const REQUEST_TIMEOUT_MS = 20000;
  const UPLOAD_TIMEOUT_MS = 60000;
  const MAX_HISTORY_PAGES = 1000;
  const MAX_RETRY_AFTER_S = 600;
  /// An echo of the visitor's own message is matched to a pending bubble only if the server stamped it no
  /// earlier than this before the bubble was made (tolerates clock skew, ignores old identical texts).
  const ECHO_WINDOW_MS = 10 * 60 * 1000;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ICONS = {
    chat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z',
    close: 'M6 6l12 12M18 6L6 18',
    image: 'M4 5h16v14H4zM4 16l4.5-4.5 4 4 2.5-2.5L20 18M15.5 9.5a1 1 0 1 0 0 .01',
    send: 'M4 12l16-8-6 16-2.5-6.5zM11.5 13.5L20 4'
  };
  const STYLESHEET = [
    '.pm-root{all:initial;position:fixed;z-index:2147483000;--pm-accent:#2f5bea;--pm-ink:#1d2330;--pm-muted:#667085;' +
      'font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif,' +
      '"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";font-size:15px;line-height:1.45;color:var(--pm-ink);' +
      '-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;text-size-adjust:100%;' +
      'direction:ltr;unicode-bidi:isolate;text-align:left}',
    '.pm-root *:not(svg):not(path){all:revert;box-sizing:border-box}',
    '.pm-root [hidden]{display:none !important}',
    '.pm-root .pm-icon{display:block;width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;' +
      'stroke-linecap:round;stroke-linejoin:round}',
    '.pm-root .pm-launcher{position:fixed;right:20px;bottom:20px;width:58px;height:58px;margin:0;padding:0;border:0;' +
      'border-radius:50%;background:var(--pm-accent);color:#fff;cursor:pointer;display:flex;align-items:center;' +
      'justify-content:center;box-shadow:0 6px 20px rgba(16,24,40,.28)}',
    '.pm-root .pm-launcher .pm-icon{width:26px;height:26px}',
    '.pm-root .pm-launcher:hover{filter:brightness(1.08)}',
    '.pm-root .pm-badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;' +
      'border:2px solid #fff;border-radius:11px;background:#d92d20;color:#fff;font-size:12px;font-weight:700;' +
      'line-height:18px;text-align:center}',
    '.pm-root .pm-panel{position:fixed;right:20px;bottom:92px;width:380px;height:600px;max-height:calc(100% - 112px);' +
      'display:none;flex-direction:column;overflow:hidden;background:#fff;border-radius:16px;' +
      'box-shadow:0 16px 48px rgba(16,24,40,.24),0 2px 6px rgba(16,24,40,.08)}',
    '.pm-root.pm-open .pm-panel{display:flex}',
    '.pm-root .pm-header{display:flex;align-items:center;gap:10px;padding:14px 10px 14px 18px;' +
      'background:var(--pm-accent);color:#fff}',
    '.pm-root .pm-heading{flex:1;min-width:0}',
    '.pm-root .pm-title{margin:0;font-size:17px;font-weight:650;line-height:1.3;overflow:hidden;' +
      'text-overflow:ellipsis;white-space:nowrap}',
    '.pm-root .pm-status{margin:1px 0 0;font-size:12.5px;opacity:.88;min-height:16px}',
    '.pm-root .pm-icon-button{flex:none;width:40px;height:40px;margin:0;padding:0;border:0;border-radius:50%;' +
      'background:transparent;color:inherit;cursor:pointer;display:flex;align-items:center;justify-content:center}',
    '.pm-root .pm-icon-button:hover{background:rgba(127,127,127,.16)}',
    '.pm-root .pm-icon-button:disabled{opacity:.4;cursor:default;background:transparent}',
    '.pm-root .pm-scroll{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:14px 14px 10px;' +
      'background:#f4f5f8;scrollbar-width:thin;scrollbar-color:#c4c9d4 transparent}',
    '.pm-root .pm-empty{margin:36px 20px;color:var(--pm-muted);font-size:14px;text-align:center}',
    '.pm-root .pm-list{display:flex;flex-direction:column}',
    '.pm-root .pm-row{display:flex;flex-direction:column;align-items:flex-start;margin-top:3px;min-width:0}',
    '.pm-root .pm-row.pm-first{margin-top:12px}',
    '.pm-root .pm-row-in{align-items:flex-end}',
    '.pm-root .pm-author{margin:0 12px 3px;max-width:80%;color:var(--pm-muted);font-size:12px;font-weight:600;' +
      'overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
    '.pm-root .pm-bubble{max-width:80%;min-width:0;padding:8px 12px;border-radius:18px;background:#fff;' +
      'color:var(--pm-ink);white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;' +
      'overflow:clip;overflow-clip-margin:4px;box-shadow:0 1px 2px rgba(16,24,40,.08)}',
    '.pm-root .pm-row-out .pm-bubble{border-bottom-left-radius:6px}',
    '.pm-root .pm-row-in .pm-bubble{background:var(--pm-accent);color:#fff;border-bottom-right-radius:6px}',
    '.pm-root .pm-pending .pm-bubble{opacity:.72}',
    '.pm-root .pm-failed .pm-bubble{opacity:1;background:#fff;color:var(--pm-ink);box-shadow:inset 0 0 0 1.5px #d92d20}',
    '.pm-root .pm-link{color:var(--pm-accent);text-decoration:underline;overflow-wrap:anywhere}',
    '.pm-root .pm-row-in .pm-link{color:inherit}',
    '.pm-root .pm-failed .pm-link{color:var(--pm-accent)}',
    '.pm-root .pm-attachment{display:block;margin:2px -6px;text-decoration:none;color:inherit}',
    '.pm-root .pm-text + .pm-attachment{margin-top:8px}',
    '.pm-root .pm-image{display:block;max-width:100%;max-height:260px;border-radius:12px;background:rgba(127,127,127,.15)}',
    '.pm-root .pm-file{display:inline-block;margin-top:4px;font-style:italic;opacity:.9}',
    '.pm-root .pm-meta{margin:3px 12px 0;color:var(--pm-muted);font-size:11.5px}',
    '.pm-root .pm-error{margin:3px 12px 0;max-width:80%;color:#b42318;font-size:12.5px;text-align:end}',
    '.pm-root .pm-notice{margin:0;padding:8px 14px;background:#fef3f2;color:#b42318;font-size:13px;' +
      'border-top:1px solid #fecdca}',
    '.pm-root .pm-composer{margin:0;padding:10px;border-top:1px solid #e4e7ec;background:#fff}',
    '.pm-root .pm-staged{display:flex;align-items:center;gap:10px;margin:0 4px 8px;padding:6px 6px 6px 8px;' +
      'border:1px solid #e4e7ec;border-radius:12px;background:#f9fafb;font-size:13px}',
    '.pm-root .pm-staged-thumb{width:40px;height:40px;object-fit:cover;border-radius:8px}',
    '.pm-root .pm-staged-name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
    '.pm-root .pm-staged .pm-icon-button{width:32px;height:32px;color:var(--pm-muted)}',
    '.pm-root .pm-staged .pm-icon{width:18px;height:18px}',
    '.pm-root .pm-row-compose{display:flex;align-items:flex-end;gap:6px}',
    '.pm-root .pm-attach{color:var(--pm-muted)}',
    '.pm-root .pm-input{flex:1;min-width:0;height:40px;max-height:140px;margin:0;padding:9px 14px;resize:none;' +
      'overflow-y:auto;border:1px solid #d0d5dd;border-radius:20px;background:#fff;color:var(--pm-ink);' +
      'font:inherit;line-height:20px;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.pm-root .pm-input::placeholder{color:#98a2b3}',
    '.pm-root .pm-input:focus{outline:none;border-color:var(--pm-accent);box-shadow:0 0 0 1px var(--pm-accent)}',
    '.pm-root .pm-send{background:var(--pm-accent);color:#fff}',
    '.pm-root .pm-send:hover{background:var(--pm-accent);filter:brightness(1.08)}',
    '.pm-root .pm-send:disabled{background:var(--pm-accent);filter:none}',
    '.pm-root .pm-send .pm-icon{width:20px;height:20px}',
    '.pm-root .pm-visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;' +
      'clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    '.pm-root :focus{outline:none}',
    '.pm-root :focus-visible{outline:3px solid var(--pm-accent);outline-offset:2px}',
    '.pm-root .pm-header :focus-visible,.pm-root .pm-row-in .pm-link:focus-visible{outline-color:#fff}',
    '.pm-root .pm-scroll:focus-visible{outline-offset:-3px}',
    '@media (max-width:480px){' +
      '.pm-root .pm-panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;max-height:none;border-radius:0}' +
      '.pm-root.pm-open .pm-launcher{display:none}' +
      '.pm-root .pm-input{font-size:16px}}',
    '@media (prefers-reduced-motion:no-preference){.pm-root.pm-open .pm-panel{animation:pm-rise .18s ease-out}}',
    '@keyframes pm-rise{from{opacity:0;transform:translateY(10px)}to{opacity:1;transform:none}}'
  ].join('\n');

  const script = document.currentScript ||
    document.querySelector('script[data-channel][src*="parley-messenger"]');
  const config = script && readConfig(script);
  if (!config) return;

  const storageKey = 'parley.visitor.' + config.channel;
  const channelURL = config.server + '/messenger/v1/' + encodeURIComponent(config.channel);

  const session = { token: readToken(), creating: null };
  const live = { source: null, timer: 0, failures: 0, statusTimer: 0 };
  const sync = { running: null, again: false, failures: 0, timer: 0 };
  const view = { entries: [], byId: new Map(), stickToBottom: true, unread: 0, regroupQueued: false };
  const outbox = { queue: [], pumping: false, wakers: new Set() };
  let ui = null;
  let staged = null;
  let noticeTimer = 0;
  let openRequested = config.openAtStart;

  // --- configuration and storage ---------------------------------------------------------------

  function readConfig(element) {
    const data = element.dataset;
    if (!data.channel) {
      console.error('Parley messenger: add data-channel="<channel id>" to the <script> tag.');
      return null;
    }
    let base;
    try {
      base = new URL(data.server || element.src, location.href);
    } catch (error) {
      console.error('Parley messenger: data-server is not a URL:', data.server);
      return null;
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      console.error('Parley messenger: the server must be an http or https URL.');
      return null;
    }
    const server = data.server ? (base.origin + base.pathname).replace(/\/+$/, '') : base.origin;
    return {
      channel: data.channel,
      server: server,
      serverOrigin: base.origin,
      title: data.title || 'Chat with us',
      openAtStart: data.open === 'true' || data.open === '',
      visitorName: data.visitorName || null,
      accent: data.accent || null
    };
  }

  function readToken() {
    try {
      return localStorage.getItem(storageKey);
    } catch (error) {
      return null;
    }
  }

  function writeToken(token) {
    try {
      if (token) localStorage.setItem(storageKey, token);
      else localStorage.removeItem(storageKey);
    } catch (error) {
      // Storage may be disabled; the conversation then lasts as long as the page.
    }
  }

  // --- HTTP ------------------------------------------------------------------------------------

  class HttpError extends Error {
    constructor(status, payload, retryAfter, token) {
      const detail = payload && payload.error;
      super(detail && typeof detail.message === 'string' && detail.message ? detail.message : defaultMessage(status));
      this.status = status;
      this.code = detail && detail.code;
      this.retryAfter = retryAfter;
      this.token = token;
    }
  }

  function defaultMessage(status) {
    if (status === 413) return 'That image is too large; images can be at most 2 MB.';
    if (status === 415) return 'Only PNG, JPEG, GIF and WebP images can be sent.';
    if (status === 429) return 'Too many messages at once; please wait a moment.';
    return 'The message could not be sent (error ' + status + ').';
  }

  /// Network failures, timeouts, 5xx, 408 and 429 are worth retrying; other answers are final.
  function isTransient(error) {
    return !(error instanceof HttpError) || error.status >= 500 || error.status === 408 || error.status === 429;
  }

  async function request(method, path, options) {
    const opts = options || {};
    const headers = Object.assign({}, opts.headers);
    const token = session.token;
    if (opts.auth !== false && token) headers['X-Visitor-Token'] = token;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(function () { controller.abort(); }, opts.timeout || REQUEST_TIMEOUT_MS) : 0;
    try {
      const response = await fetch(channelURL + path, {
        method: method,
        headers: headers,
        body: body,
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        signal: controller ? controller.signal : undefined
      });
      const text = await response.text();
      let payload = null;
      try {
        payload = text ? JSON.parse(text) : null;
      } catch (error) {
        if (response.ok) throw error;
      }
      if (!response.ok) {
        throw new HttpError(response.status, payload, parseRetryAfter(response.headers.get('Retry-After')), token);
      }
      return payload || {};
    } finally {
      clearTimeout(timer);
    }
  }

  function parseRetryAfter(value) {
    if (value == null || value.trim() === '') return null;
    let seconds = Number(value);
    if (!isFinite(seconds)) {
      const date = Date.parse(value);
      if (isNaN(date)) return null;
      seconds = (date - Date.now()) / 1000;
    }
    return Math.min(MAX_RETRY_AFTER_S, Math.max(0, seconds));
  }

  function backoff(attempt) {
    return Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.75 + Math.random() * 0.5);
  }

  function retryDelay(error, attempt) {
    if (error instanceof HttpError && error.status === 429) {
      return (error.retryAfter != null ? error.retryAfter : 5) * 1000;
    }
    return backoff(attempt);
  }

  /// A promise that resolves after `ms`, or earlier when the browser comes back online.
  function pause(ms) {
    return new Promise(function (resolve) {
      const timer = setTimeout(done, ms);
      outbox.wakers.add(done);
      function done() {
        clearTimeout(timer);
        outbox.wakers.delete(done);
        resolve();
      }
    });
  }

  window.addEventListener('online', function () {
    Array.from(outbox.wakers).forEach(function (wake) { wake(); });
    if (ui && session.token && !live.source) connect();
  });

  // --- the visitor -----------------------------------------------------------------------------

  function ensureVisitor() {
    if (session.token) return Promise.resolve(session.token);
    if (!session.creating) {
      const body = config.visitorName ? { name: config.visitorName } : {};
      session.creating = request('POST', '/visitors', { json: body, auth: false })
        .then(function (created) {
          if (!created || typeof created.token !== 'string' || !created.token) {
            throw new Error('The server answered without a visitor token.');
          }
          session.token = created.token;
          writeToken(created.token);
          connect();
          return created.token;
        })
        .finally(function () { session.creating = null; });
    }
    return session.creating;
  }

  /// The server no longer accepts `token` (401): forget it and what was shown for it. The next message
  /// creates a new visitor.
  function dropVisitor(token) {
    if (!token || session.token !== token) return;
    session.token = null;
    writeToken(null);
    disconnect();
    // Bubbles still being sent stay: they go to the new visitor.
    view.entries.filter(function (entry) { return entry.id; }).forEach(removeEntry);
    view.byId.clear();
    view.unread = 0;
    updateLauncher();
    updateEmpty();
  }

  // --- history and live events -----------------------------------------------------------------

  /// Loads the whole history (all pages). Calls made while a load runs make it run once more afterwards,
  /// so a load always starts after the event that asked for it.
  function syncHistory() {
    if (!session.token) return Promise.resolve();
    if (sync.running) {
      sync.again = true;
      return sync.running;
    }
    clearTimeout(sync.timer);
    setBusy(true);
    sync.running = (async function () {
      do {
        sync.again = false;
        await loadHistory();
      } while (sync.again && session.token);
      sync.failures = 0;
    })()
      .catch(function (error) {
        if (error instanceof HttpError && error.status === 401) {
          dropVisitor(error.token);
        } else if (isTransient(error)) {
          sync.failures += 1;
          sync.timer = setTimeout(syncHistory, retryDelay(error, sync.failures));
        } else {
          console.warn('Parley messenger: could not load the conversation:', error.message);
        }
      })
      .finally(function () {
        sync.running = null;
        setBusy(false);
      });
    return sync.running;
  }

  async function loadHistory() {
    const token = session.token;
    const seen = new Set();
    let after = null;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const query = after == null ? '' : '?after=' + encodeURIComponent(after);
      const result = await request('GET', '/messages' + query);
      if (session.token !== token) return;
      (Array.isArray(result.messages) ? result.messages : []).forEach(function (message) {
        receive(message, false);
      });
      after = result.nextAfter;
      if (after == null || after === '' || seen.has(after)) return;
      seen.add(after);
    }
  }

  function connect() {
    disconnect();
    const token = session.token;
    if (!token || typeof EventSource !== 'function') {
      syncHistory();
      return;
    }
    const source = new EventSource(channelURL + '/events?token=' + encodeURIComponent(token));
    let opened = false;
    live.source = source;
    // Until the stream opens, replies are only in the history; load it anyway if opening is slow.
    const fallback = setTimeout(syncHistory, 2500);
    source.addEventListener('open', function () {
      live.failures = 0;
      setConnectionStatus(true);
      if (!opened) {
        opened = true;
        clearTimeout(fallback);
        // The stream now carries everything new; this load picks up whatever came before it.
        syncHistory();
      }
    });
    source.addEventListener('message', function (event) {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        console.warn('Parley messenger: ignored an event that is not JSON.');
        return;
      }
      receive(message, true);
    });
    source.addEventListener('resync', function () { syncHistory(); });
    source.addEventListener('error', function () {
      if (live.source !== source) return;
      setConnectionStatus(false);
      if (source.readyState !== EventSource.CLOSED) return;
      // The browser gave up (an HTTP error such as 401). The history load tells whether the token still
      // works; reconnect with a fresh stream if it does.
      clearTimeout(fallback);
      live.source = null;
      live.failures += 1;
      live.timer = setTimeout(function () {
        syncHistory().then(function () {
          if (session.token === token && !live.source) connect();
        });
      }, backoff(live.failures));
    });
  }

  function disconnect() {
    clearTimeout(live.timer);
    if (live.source) live.source.close();
    live.source = null;
    setConnectionStatus(true);
  }

  // --- the message list ------------------------------------------------------------------------

  function receive(message, isLive) {
    if (!message || message.id == null || (message.direction !== 'inbound' && message.direction !== 'outbound')) return;
    const id = String(message.id);
    if (view.byId.has(id)) return;
    if (message.direction === 'inbound') {
      const pending = findPendingEcho(message);
      if (pending) {
        confirmEntry(pending, id, message);
        return;
      }
    }
    const entry = { id: id, message: message, sortKey: timeKey(message.sentAt), local: false };
    view.byId.set(id, entry);
    renderEntry(entry);
    placeEntry(entry);
    if (isLive && message.direction === 'outbound' && !isOpen()) {
      view.unread += 1;
      updateLauncher();
    }
  }

  /// The oldest pending bubble this stored message is the echo of: same client id if the server sends
  /// one, otherwise same text and attachment count, posted already, and not older than the bubble.
  function findPendingEcho(message) {
    const text = typeof message.text === 'string' ? message.text : '';
    const attachments = Array.isArray(message.attachments) ? message.attachments.length : 0;
    const sentAt = Date.parse(message.sentAt);
    let match = null;
    view.entries.some(function (entry) {
      if (!entry.local || entry.id) return false;
      if (message.clientId != null) {
        if (entry.clientId === message.clientId) match = entry;
      } else if (entry.posted && !entry.failed && entry.text === text &&
                 (entry.file ? 1 : 0) === attachments && !(sentAt < entry.createdAt - ECHO_WINDOW_MS)) {
        match = entry;
      }
      return match !== null;
    });
    return match;
  }

  function confirmEntry(entry, id, message) {
    entry.id = id;
    entry.message = message;
    entry.sortKey = timeKey(message.sentAt);
    entry.status = null;
    view.byId.set(id, entry);
    if (entry.preview) URL.revokeObjectURL(entry.preview);
    entry.preview = null;
    removeEntry(entry);
    renderEntry(entry);
    placeEntry(entry);
  }

  function timeKey(value) {
    const time = Date.parse(value);
    return isNaN(time) ? Date.now() : time;
  }

  function placeEntry(entry) {
    const entries = view.entries;
    let index = entries.length;
    while (index > 0 && entries[index - 1].sortKey > entry.sortKey) index -= 1;
    entries.splice(index, 0, entry);
    const next = entries[index + 1];
    ui.list.insertBefore(entry.element, next ? next.element : null);
    contentChanged();
  }

  function removeEntry(entry) {
    const index = view.entries.indexOf(entry);
    if (index >= 0) view.entries.splice(index, 1);
    if (entry.element && entry.element.parentNode) entry.element.parentNode.removeChild(entry.element);
    contentChanged();
  }

  /// After a batch of changes: who starts a group of bubbles, the empty state, and the scroll position.
  function contentChanged() {
    if (view.regroupQueued) return;
    view.regroupQueued = true;
    Promise.resolve().then(function () {
      view.regroupQueued = false;
      let previous = null;
      view.entries.forEach(function (entry) {
        const message = entry.message;
        const first = !previous || previous.message.direction !== message.direction ||
          (previous.message.authorName || '') !== (message.authorName || '') ||
          entry.sortKey - previous.sortKey > 10 * 60 * 1000;
        entry.element.classList.toggle('pm-first', first);
        if (entry.author) entry.author.hidden = !first;
        previous = entry;
      });
      updateEmpty();
      if (view.stickToBottom) scrollToEnd();
    });
  }

  function renderEntry(entry) {
    const message = entry.message;
    const inbound = message.direction === 'inbound';
    const row = element('div', 'pm-row ' + (inbound ? 'pm-row-in' : 'pm-row-out'));
    entry.author = null;
    if (!inbound) {
      const author = element('div', 'pm-author');
      author.dir = 'auto';
      author.textContent = message.authorName || 'Support';
      entry.author = author;
      row.appendChild(author);
    }
    const bubble = element('div', 'pm-bubble');
    bubble.dir = 'auto';
    const text = typeof message.text === 'string' ? message.text : '';
    if (text) {
      const body = element('div', 'pm-text');
      appendLinkedText(body, text);
      bubble.appendChild(body);
    }
    (Array.isArray(message.attachments) ? message.attachments : []).forEach(function (attachment) {
      if (attachment) bubble.appendChild(renderAttachment(attachment, entry));
    });
    row.appendChild(bubble);
    const meta = element('div', 'pm-meta');
    row.appendChild(meta);
    const error = element('div', 'pm-error');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    row.appendChild(error);
    entry.element = row;
    entry.meta = meta;
    entry.error = error;
    updateEntryStatus(entry);
  }

  function updateEntryStatus(entry) {
    const pending = entry.local && !entry.id && !entry.failed && entry.status !== 'sent';
    entry.element.classList.toggle('pm-pending', pending);
    entry.element.classList.toggle('pm-failed', !!entry.failed);
    entry.meta.textContent = '';
    if (entry.failed) {
      entry.meta.textContent = 'Not sent';
    } else if (pending) {
      entry.meta.textContent = entry.status || 'Sending\u2026';
    } else {
      const date = new Date(entry.local && !entry.id ? entry.createdAt : entry.message.sentAt);
      if (!isNaN(date.getTime())) {
        const time = document.createElement('time');
        time.dateTime = date.toISOString();
        time.title = date.toLocaleString();
        time.textContent = formatTime(date);
        entry.meta.appendChild(time);
      }
    }
    entry.error.hidden = !entry.failed;
    entry.error.textContent = entry.failed || '';
  }

  function formatTime(date) {
    const now = new Date();
    const options = { hour: '2-digit', minute: '2-digit' };
    if (date.toDateString() !== now.toDateString()) {
      options.day = 'numeric';
      options.month = 'short';
      if (date.getFullYear() !== now.getFullYear()) options.year = 'numeric';
    }
    try {
      return date.toLocaleString(undefined, options);
    } catch (error) {
      return date.toISOString().slice(0, 16).replace('T', ' ');
    }
  }

  /// Text with http(s) links made clickable, built from text nodes and anchors only.
  function appendLinkedText(parent, text) {
    const pattern = /\bhttps?:\/\/[^\s<>"']+/gi;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      const raw = trimUrl(match[0]);
      const href = httpURL(raw);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = element('a', 'pm-link');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = raw;
      parent.appendChild(link);
      last = match.index + raw.length;
      pattern.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /// Drops sentence punctuation after a URL, and closing brackets that the URL does not open.
  function trimUrl(raw) {
    const pairs = { ')': '(', ']': '[', '}': '{' };
    let url = raw;
    for (;;) {
      const last = url.charAt(url.length - 1);
      if ('.,;:!?*'.indexOf(last) >= 0) {
        url = url.slice(0, -1);
      } else if (pairs[last] && url.split(pairs[last]).length < url.split(last).length) {
        url = url.slice(0, -1);
      } else {
        return url;
      }
    }
  }

  function httpURL(value) {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /// An attachment URL resolved against the server, or null unless it is on the server's origin.
  function serverURL(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
      const url = new URL(value, config.server + '/');
      return url.origin === config.serverOrigin ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // A web address an agent attached (a document, a picture elsewhere): offered as a link, never loaded inline,
  // so the visitor's browser fetches nothing from another site unasked.
  function externalURL(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
    } catch (error) {
      return null;
    }
  }

  function renderAttachment(attachment, entry) {
    const name = typeof attachment.filename === 'string' && attachment.filename ? attachment.filename : null;
    const src = entry.preview || serverURL(attachment.url);
    if (attachment.kind === 'image' && src) {
      const link = element('a', 'pm-attachment');
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      if (!entry.preview) link.href = src;
      const image = element('img', 'pm-image');
      image.alt = name || 'Image';
      image.decoding = 'async';
      image.addEventListener('load', contentChanged);
      image.addEventListener('error', function () {
        const missing = element('span', 'pm-file');
        missing.textContent = 'Image unavailable' + (name ? ': ' + name : '');
        if (link.parentNode) link.parentNode.replaceChild(missing, link);
      });
      image.src = src;
      link.appendChild(image);
      return link;
    }
    const external = src ? null : externalURL(attachment.url);
    const label = (attachment.kind === 'image' ? 'Image' : 'Attachment') + (name ? ': ' + name : '')
      + (external ? ' (' + external.host + ')' : '');
    if (src || external) {
      const link = element('a', 'pm-link pm-file');
      link.href = src || external.href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = label;
      return link;
    }
    const note = element('span', 'pm-file');
    note.textContent = label + ' (not shown)';
    return note;
  }

  // --- sending ---------------------------------------------------------------------------------

  function submit() {
    const text = ui.input.value.trim();
    if (!text && !staged) return;
    const now = Date.now();
    const entry = {
      id: null,
      local: true,
      clientId: uuid(),
      text: text,
      file: staged ? staged.file : null,
      preview: staged ? staged.url : null,
      attachment: null,
      createdAt: now,
      sortKey: Infinity,
      posted: false,
      failed: null,
      status: null,
      message: {
        direction: 'inbound',
        text: text,
        attachments: staged ? [{ kind: 'image', url: '', mimeType: staged.file.type, filename: staged.file.name }] : [],
        sentAt: new Date(now).toISOString(),
        authorName: null
      }
    };
    staged = null;
    ui.input.value = '';
    renderStaged();
    resizeInput();
    renderEntry(entry);
    view.stickToBottom = true;
    placeEntry(entry);
    outbox.queue.push(entry);
    pump();
  }

  /// Sends queued messages one at a time, in order, each until the server stores it or refuses it.
  async function pump() {
    if (outbox.pumping) return;
    outbox.pumping = true;
    try {
      while (outbox.queue.length) {
        await deliver(outbox.queue[0]);
        outbox.queue.shift();
      }
    } finally {
      outbox.pumping = false;
    }
  }

  async function deliver(entry) {
    let attempts = 0;
    let freshVisitors = 0;
    while (!entry.id) {
      try {
        await ensureVisitor();
        if (entry.file && !entry.attachment) {
          setEntryStatus(entry, 'Uploading image\u2026');
          const uploaded = await request('POST', '/uploads', {
            body: entry.file,
            headers: { 'Content-Type': entry.file.type },
            timeout: UPLOAD_TIMEOUT_MS
          });
          if (!uploaded || typeof uploaded.url !== 'string') throw new Error('The upload answer has no URL.');
          entry.attachment = {
            kind: 'image',
            url: uploaded.url,
            mimeType: uploaded.mimeType || entry.file.type,
            filename: entry.file.name
          };
        }
        if (attempts > 0 || entry.file) {
          setEntryStatus(entry, attempts > 2 ? 'Not delivered yet, retrying\u2026' : 'Sending\u2026');
        }
        const body = { text: entry.text };
        if (entry.attachment) body.attachments = [entry.attachment];
        entry.posted = true;
        await request('POST', '/messages', { json: body, headers: { 'Idempotency-Key': entry.clientId } });
        if (!entry.id) setEntryStatus(entry, 'sent');
        return;
      } catch (error) {
        if (entry.id) return;
        if (error instanceof HttpError && error.status === 401 && freshVisitors < 2) {
          // The stored visitor is gone: start a new one and send again.
          freshVisitors += 1;
          dropVisitor(error.token);
          continue;
        }
        if (!isTransient(error)) {
          entry.failed = error.message;
          updateEntryStatus(entry);
          contentChanged();
          return;
        }
        attempts += 1;
        const limited = error instanceof HttpError && error.status === 429;
        setEntryStatus(entry, limited ? 'Waiting a moment before sending\u2026' :
          attempts > 2 ? 'Not delivered yet, retrying\u2026' : 'Sending\u2026');
        await pause(retryDelay(error, attempts));
      }
    }
  }

  function setEntryStatus(entry, status) {
    if (entry.id) return;
    entry.status = status;
    updateEntryStatus(entry);
  }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (byte) { return (byte + 0x100).toString(16).slice(1); }).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  // --- images ----------------------------------------------------------------------------------

  function stageFile(file) {
    if (!file) return;
    const name = file.name || 'The file';
    if (IMAGE_TYPES.indexOf(file.type) < 0) {
      notify('\u201c' + name + '\u201d can\u2019t be sent: only PNG, JPEG, GIF and WebP images are supported.');
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      notify('\u201c' + name + '\u201d is ' + (file.size / 1048576).toFixed(1) + ' MB; images can be at most 2 MB.');
      return;
    }
    if (file.size === 0) {
      notify('\u201c' + name + '\u201d is empty.');
      return;
    }
    if (staged) URL.revokeObjectURL(staged.url);
    staged = { file: file, url: URL.createObjectURL(file) };
    hideNotice();
    renderStaged();
    ui.input.focus();
  }

  function renderStaged() {
    ui.staged.hidden = !staged;
    ui.stagedThumb.removeAttribute('src');
    ui.stagedName.textContent = '';
    if (staged) {
      ui.stagedThumb.src = staged.url;
      ui.stagedName.textContent = staged.file.name || 'Image';
    }
    updateSendButton();
  }

  function unstage() {
    if (staged) URL.revokeObjectURL(staged.url);
    staged = null;
    renderStaged();
    ui.input.focus();
  }

  // --- the widget's DOM ------------------------------------------------------------------------

  function element(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'pm-icon');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function iconButton(name, className, label) {
    const button = element('button', 'pm-icon-button ' + className);
    button.type = 'button';
    button.setAttribute('aria-label', label);
    button.title = label;
    button.appendChild(icon(name));
    return button;
  }

  function start() {
    if (ui) return;
    const style = element('style');
    style.setAttribute('data-parley-messenger', '');
    style.textContent = STYLESHEET;
    (document.head || document.documentElement).appendChild(style);

    const suffix = Math.random().toString(36).slice(2, 8);
    const root = element('div', 'pm-root');
    if (config.accent && cssSupports('color', config.accent)) {
      root.style.setProperty('--pm-accent', config.accent);
    }

    const launcher = element('button', 'pm-launcher');
    launcher.type = 'button';
    launcher.setAttribute('aria-controls', 'pm-panel-' + suffix);
    launcher.setAttribute('aria-expanded', 'false');
    launcher.appendChild(icon('chat'));
    const badge = element('span', 'pm-badge');
    badge.setAttribute('aria-hidden', 'true');
    badge.hidden = true;
    launcher.appendChild(badge);

    const panel = element('div', 'pm-panel');
    panel.id = 'pm-panel-' + suffix;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'false');
    panel.setAttribute('aria-labelledby', 'pm-title-' + suffix);

    const header = element('div', 'pm-header');
    const heading = element('div', 'pm-heading');
    const title = element('div', 'pm-title');
    title.id = 'pm-title-' + suffix;
    title.dir = 'auto';
    title.textContent = config.title;
    const status = element('div', 'pm-status');
    status.setAttribute('aria-live', 'polite');
    status.textContent = 'We reply here as soon as we can.';
    heading.appendChild(title);
    heading.appendChild(status);
    const close = iconButton('close', 'pm-close', 'Close chat');
    header.appendChild(heading);
    header.appendChild(close);

    const scroll = element('div', 'pm-scroll');
    scroll.setAttribute('role', 'log');
    scroll.setAttribute('aria-label', 'Conversation');
    scroll.tabIndex = 0;
    const empty = element('p', 'pm-empty');
    empty.textContent = 'Send us a message and someone from our team will answer here.';
    const list = element('div', 'pm-list');
    scroll.appendChild(empty);
    scroll.appendChild(list);

    const notice = element('p', 'pm-notice');
    notice.setAttribute('role', 'alert');
    notice.hidden = true;

    const form = element('form', 'pm-composer');
    form.noValidate = true;
    const stagedBox = element('div', 'pm-staged');
    stagedBox.hidden = true;
    const stagedThumb = element('img', 'pm-staged-thumb');
    stagedThumb.alt = '';
    const stagedName = element('span', 'pm-staged-name');
    const unstageButton = iconButton('close', 'pm-unstage', 'Remove the image');
    stagedBox.appendChild(stagedThumb);
    stagedBox.appendChild(stagedName);
    stagedBox.appendChild(unstageButton);

    const row = element('div', 'pm-row-compose');
    const attach = iconButton('image', 'pm-attach', 'Attach an image');
    const fileInput = element('input', 'pm-visually-hidden');
    fileInput.type = 'file';
    fileInput.accept = IMAGE_TYPES.join(',');
    fileInput.tabIndex = -1;
    fileInput.setAttribute('aria-hidden', 'true');
    const input = element('textarea', 'pm-input');
    input.rows = 1;
    input.dir = 'auto';
    input.placeholder = 'Write a message\u2026';
    input.setAttribute('aria-label', 'Message');
    input.setAttribute('enterkeyhint', 'send');
    const send = iconButton('send', 'pm-send', 'Send message');
    send.type = 'submit';
    send.disabled = true;
    row.appendChild(attach);
    row.appendChild(fileInput);
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(stagedBox);
    form.appendChild(row);

    panel.appendChild(header);
    panel.appendChild(scroll);
    panel.appendChild(notice);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);

    ui = {
      root: root, launcher: launcher, badge: badge, panel: panel, status: status, scroll: scroll, empty: empty,
      list: list, notice: notice, input: input, send: send, staged: stagedBox, stagedThumb: stagedThumb,
      stagedName: stagedName, fileInput: fileInput
    };

    launcher.addEventListener('click', function () {
      if (isOpen()) closePanel(true);
      else openPanel(true);
    });
    close.addEventListener('click', function () { closePanel(true); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        closePanel(true);
      }
    });
    scroll.addEventListener('scroll', function () {
      view.stickToBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 48;
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
      input.focus();
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submit();
      }
    });
    input.addEventListener('input', function () {
      resizeInput();
      updateSendButton();
    });
    input.addEventListener('paste', function (event) {
      const files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) {
        event.preventDefault();
        stageFile(files[0]);
      }
    });
    panel.addEventListener('dragover', function (event) {
      if (event.dataTransfer && Array.from(event.dataTransfer.types).indexOf('Files') >= 0) event.preventDefault();
    });
    panel.addEventListener('drop', function (event) {
      const files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        event.preventDefault();
        stageFile(files[0]);
      }
    });
    attach.addEventListener('click', function () { fileInput.click(); });
    fileInput.addEventListener('change', function () {
      stageFile(fileInput.files && fileInput.files[0]);
      fileInput.value = '';
    });
    unstageButton.addEventListener('click', unstage);

    updateLauncher();
    if (session.token) connect();
    if (openRequested) openPanel(false);
  }

  function cssSupports(property, value) {
    try {
      return window.CSS.supports(property, value);
    } catch (error) {
      return false;
    }
  }

  function isOpen() {
    return !!ui && ui.root.classList.contains('pm-open');
  }

  function openPanel(moveFocus) {
    if (!ui) {
      openRequested = true;
      return;
    }
    if (!isOpen()) {
      ui.root.classList.add('pm-open');
      view.unread = 0;
      updateLauncher();
      view.stickToBottom = true;
      scrollToEnd();
    }
    if (moveFocus) ui.input.focus();
  }

  function closePanel(moveFocus) {
    if (!ui) {
      openRequested = false;
      return;
    }
    const hadFocus = ui.panel.contains(document.activeElement);
    ui.root.classList.remove('pm-open');
    updateLauncher();
    if (moveFocus || hadFocus) ui.launcher.focus();
  }

  function updateLauncher() {
    if (!ui) return;
    const open = isOpen();
    ui.launcher.setAttribute('aria-expanded', String(open));
    let label = open ? 'Close chat' : 'Open chat: ' + config.title;
    if (!open && view.unread) label += ' (' + view.unread + (view.unread === 1 ? ' new message)' : ' new messages)');
    ui.launcher.setAttribute('aria-label', label);
    ui.launcher.title = open ? 'Close chat' : config.title;
    ui.launcher.replaceChild(icon(open ? 'close' : 'chat'), ui.launcher.firstChild);
    ui.badge.hidden = open || view.unread === 0;
    ui.badge.textContent = view.unread > 9 ? '9+' : String(view.unread);
  }

  function updateEmpty() {
    if (ui) ui.empty.hidden = view.entries.length > 0;
  }

  function updateSendButton() {
    ui.send.disabled = !ui.input.value.trim() && !staged;
  }

  function resizeInput() {
    const input = ui.input;
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }

  function scrollToEnd() {
    if (ui) ui.scroll.scrollTop = ui.scroll.scrollHeight;
  }

  function setBusy(busy) {
    if (ui) ui.scroll.setAttribute('aria-busy', String(busy));
  }

  /// Shows "Reconnecting..." only when the live stream has been down for a moment.
  function setConnectionStatus(connected) {
    clearTimeout(live.statusTimer);
    if (!ui) return;
    if (connected) {
      ui.status.textContent = 'We reply here as soon as we can.';
      return;
    }
    live.statusTimer = setTimeout(function () {
      ui.status.textContent = 'Reconnecting\u2026';
    }, 2000);
  }

  function notify(text) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.hidden = false;
    noticeTimer = setTimeout(hideNotice, 8000);
  }

  function hideNotice() {
    clearTimeout(noticeTimer);
    ui.notice.hidden = true;
  }

  window.ParleyMessenger = Object.freeze({
    open: function () { openPanel(true); },
    close: function () { closePanel(false); }
  });

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
