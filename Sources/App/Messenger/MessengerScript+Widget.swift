extension MessengerAssets {
    /// The widget's DOM: launcher, panel, composer wiring, open and close, notices; and the start.
    /// Part of `script`; edit `Tests/System/messenger/parley-messenger.js` and copy it here with
    /// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
    static let scriptWidget = #"""
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
    """#
}
