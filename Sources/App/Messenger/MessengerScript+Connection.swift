extension MessengerAssets {
    /// Configuration and the stored visitor token, HTTP with retries, the visitor, history and live events.
    /// Part of `script`; edit `Tests/System/messenger/parley-messenger.js` and copy it here with
    /// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
    static let scriptConnection = #"""
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

    """#
}
