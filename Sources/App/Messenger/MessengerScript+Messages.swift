extension MessengerAssets {
    /// The message list: received and pending messages, their order, status, text with links and images.
    /// Part of `script`; edit `Tests/System/messenger/parley-messenger.js` and copy it here with
    /// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
    static let scriptMessages = #"""
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

    """#
}
