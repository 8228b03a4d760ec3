extension MessengerAssets {
    /// Sending (the outbox with idempotency keys and retries) and staging an image.
    /// Part of `script`; edit `Tests/System/messenger/parley-messenger.js` and copy it here with
    /// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
    static let scriptComposer = #"""
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

    """#
}
