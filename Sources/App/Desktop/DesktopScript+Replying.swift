extension DesktopAssets {
    /// The desktop script, part of `script`: Replying (the outbox, attachments), wrap-up, keyboard and wiring; ends the script.
    static let scriptReplying = #"""
  // ---------------------------------------------------------------------------------------------
  // Replying

  // An image for the next reply: uploaded to Parley at once (POST /api/v1/uploads), sent with the reply. On
  // WhatsApp and Messenger Parley passes it to Meta's media API; other channels say why they cannot take it.
  async function attachImage() {
    var conv = S.selected && S.convs.get(S.selected);
    var input = $('attach-file');
    var file = input.files && input.files[0];
    input.value = '';
    if (!conv || !file) return;
    // Checked here first, so a wrong file costs no upload; Parley checks the bytes again.
    if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].indexOf(file.type) < 0) {
      setComposerStatus(file.name + ' is not a PNG, JPEG, GIF or WebP image.', true);
      return;
    }
    if (file.size > 2 * 1024 * 1024) { setComposerStatus('Images may be at most 2 MiB.', true); return; }
    setComposerStatus('Uploading ' + file.name + '\u2026');
    try {
      var uploaded = await api('POST', '/api/v1/uploads', undefined, { raw: file, contentType: file.type || 'application/octet-stream' });
      conv.attachment = { kind: 'image', url: uploaded.url, mimeType: uploaded.mimeType, filename: file.name.slice(0, 200) };
      setComposerStatus('');
    } catch (e) {
      setComposerStatus(e.message, true);
    }
    renderAttachment(conv);
  }

  function renderAttachment(conv) {
    var chip = $('attachment-chip');
    chip.textContent = '';
    var attachment = conv && S.selected === conv.id ? conv.attachment : null;
    chip.hidden = !attachment;
    if (!attachment) return;
    chip.appendChild(el('span', null, attachment.filename || 'image'));
    var remove = el('button', { type: 'button', className: 'link', 'aria-label': 'Remove the attached image' }, '\u00d7');
    remove.addEventListener('click', function () { conv.attachment = null; renderAttachment(conv); });
    chip.appendChild(remove);
  }

  function setComposerStatus(text, isError) {
    var status = $('composer-status');
    setText(status, text);
    status.classList.toggle('error', Boolean(isError));
  }

  function submitReply(event) {
    if (event) event.preventDefault();
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    stopComposing(conv);
    if ($('note-mode').checked) { submitNote(conv); return; }
    var reply = $('reply');
    var text = reply.value;
    var attachments = conv.attachment ? [conv.attachment] : [];
    if (!text.trim() && !attachments.length) { setComposerStatus('Write something first.', true); return; }
    if (text.length > MAX_REPLY) { setComposerStatus('A reply may have at most ' + MAX_REPLY.toLocaleString() + ' characters.', true); return; }
    var visibility = replyVisibility(conv) !== conv.interaction.visibility ? replyVisibility(conv) : null;
    conv.outbox.push({ key: uuid(), text: text, attachments: attachments, visibility: visibility, createdAt: new Date(now()).toISOString(), error: null, sending: false });
    conv.attachment = null;
    renderAttachment(conv);
    reply.value = '';
    conv.draft = '';
    saveDrafts();
    saveOutbox();
    setComposerStatus(S.live ? '' : 'Queued: it goes out once the connection is back.');
    renderMessages(conv, true);
    renderList();
    flushConversation(conv);
  }

  function flushOutbox() {
    S.convs.forEach(function (conv) { flushConversation(conv); });
  }

  // Sends a conversation's queued replies in order, each with its own Idempotency-Key, reused on every retry,
  // so a reply that reached Parley before the connection broke is stored once.
  async function flushConversation(conv) {
    if (S.flushing.has(conv.id) || S.stopped) return;
    S.flushing.add(conv.id);
    try {
      while (S.convs.get(conv.id) === conv) {
        var item = conv.outbox.filter(function (o) { return !o.error; })[0];
        if (!item) break;
        item.sending = true;
        if (S.selected === conv.id) renderMessages(conv, false);
        try {
          var body = item.template ? { template: item.template } : { text: item.text };
          if (item.attachments && item.attachments.length) body.attachments = item.attachments;
          if (item.visibility) body.visibility = item.visibility;
          var message = await api('POST', path('interactions', conv.id, 'messages'), body, { headers: { 'Idempotency-Key': item.key } });
          conv.outbox.splice(conv.outbox.indexOf(item), 1);
          if (!conv.byId.has(message.id)) { conv.messages.push(message); conv.lastId = message.id; }
          else conv.messages[conv.messages.indexOf(conv.byId.get(message.id))] = message;
          conv.byId.set(message.id, message);
          conv.lastRead = message.id;
          saveOutbox();
          saveRead();
          if (S.selected === conv.id) setComposerStatus('');
        } catch (e) {
          item.sending = false;
          if (isTransient(e) || e.status === 401) {
            if (S.selected === conv.id) { renderMessages(conv, false); setComposerStatus('Queued: Parley is not reachable; it is sent when the connection is back.'); }
            clearTimeout(S.flushTimer);
            S.flushTimer = setTimeout(flushOutbox, e.retryAfter ? e.retryAfter * 1000 : S.live ? 5000 : 15000);
            break;
          }
          item.error = e.code === 'wrong_state' ? 'the conversation no longer takes replies.' : e.message;
          if (e.code === 'window_closed' || e.code === 'template_required' || e.code === 'follow_required') loadReplyWindow(conv);
          saveOutbox();
        }
        if (S.selected === conv.id) renderMessages(conv, false);
        renderList();
      }
    } finally {
      S.flushing.delete(conv.id);
      renderConnection();
    }
  }

  function editUnsent(conv, item) {
    var reply = $('reply');
    reply.value = item.text + (reply.value ? '\n' + reply.value : '');
    conv.draft = reply.value;
    discardUnsent(conv, item);
    reply.focus();
  }

  function discardUnsent(conv, item) {
    var index = conv.outbox.indexOf(item);
    if (index >= 0) conv.outbox.splice(index, 1);
    saveOutbox();
    saveDrafts();
    if (S.selected === conv.id) renderMessages(conv, false);
    renderList();
  }

  function composerKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submitReply(null);
    }
  }

  var draftTimer = null;
  function composerInput() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    conv.draft = $('reply').value;
    composingInput(conv);
    if ($('composer-status').classList.contains('error')) setComposerStatus('');
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDrafts, 400);
  }

  // ---------------------------------------------------------------------------------------------
  // Wrap-up

  function openWrapUp() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || $('wrapup-open').disabled) return;
    var dialog = $('wrapup-dialog');
    dialog.dataset.id = conv.id;
    setText($('wrapup-subtitle'), 'Close the conversation with ' + customerName(conv.interaction) + ' and choose how it ended.');
    var box = $('wrapup-codes');
    clear(box);
    var active = S.codes.filter(function (c) { return c.active !== false; });
    active.forEach(function (code, index) {
      var input = el('input', { type: 'radio', name: 'wrapup-code', value: code.id, id: 'wrapup-code-' + index, required: true });
      box.appendChild(el('label', { for: 'wrapup-code-' + index }, input, el('span', null, code.name)));
    });
    if (!active.length) box.appendChild(el('p', { className: 'muted' }, 'No wrap-up codes are configured.'));
    var unsent = conv.outbox.length;
    var warning = $('wrapup-warning');
    warning.hidden = !unsent && !$('reply').value.trim();
    warning.textContent = unsent ? unsent + (unsent === 1 ? ' reply has' : ' replies have') + ' not been sent yet; wrapping up drops ' + (unsent === 1 ? 'it' : 'them') + '.'
      : 'Your unsent draft is discarded when you wrap up.';
    $('wrapup-error').hidden = true;
    $('wrapup-confirm').disabled = false;
    dialog.showModal();
    var first = box.querySelector('input');
    if (first) first.focus();
  }

  async function confirmWrapUp(event) {
    event.preventDefault();
    var dialog = $('wrapup-dialog');
    var id = dialog.dataset.id;
    var chosen = dialog.querySelector('input[name="wrapup-code"]:checked');
    var error = $('wrapup-error');
    if (!chosen) { error.hidden = false; error.textContent = 'Choose an outcome.'; return; }
    $('wrapup-confirm').disabled = true;
    try {
      await api('POST', path('interactions', id, 'wrap-up'), { code: chosen.value });
      var conv = S.convs.get(id);
      if (conv) { conv.outbox = []; conv.draft = ''; }
      dialog.close();
      conversationClosed(id, null);
      setBanner('Wrapped up: ' + codeName(chosen.value) + '.', false, null, 'done');
      setTimeout(function () { if ($('banner').dataset.kind === 'done') setBanner(null); }, 4000);
    } catch (e) {
      $('wrapup-confirm').disabled = false;
      if (e.status === 401) return;
      error.hidden = false;
      error.textContent = 'Not wrapped up: ' + e.message;
    }
  }

  function closeDialogs() {
    ['wrapup-dialog', 'shortcuts-dialog', 'responses-dialog', 'signout-dialog'].forEach(function (id) { var d = $(id); if (d.open) d.close(); });
  }

  // ---------------------------------------------------------------------------------------------
  // Keyboard, timers, wiring

  function typingTarget(target) {
    return target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
  }

  function globalKey(event) {
    if ($('desk').hidden || event.defaultPrevented) return;
    var anyDialog = $('wrapup-dialog').open || $('shortcuts-dialog').open || $('transfer-dialog').open || $('responses-dialog').open ||
      $('signout-dialog').open;
    if (anyDialog) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (key === 'a' || event.code === 'KeyA') {
        var first = Array.from(S.offers.values()).filter(function (o) { return o.node.isConnected && !o.gone && !o.busy; })[0];
        if (first) { event.preventDefault(); acceptOffer(first); }
      } else if (key === 'ArrowDown' || key === 'ArrowUp') {
        event.preventDefault();
        selectRelative(key === 'ArrowDown' ? 1 : -1);
      } else if (key === 'r' || event.code === 'KeyR') {
        if (!$('thread').hidden) { event.preventDefault(); $('reply').focus(); }
      } else if (key === 's' || event.code === 'KeyS') {
        if (!$('thread').hidden) { event.preventDefault(); openResponses(); }
      } else if (key === 'w' || event.code === 'KeyW') {
        event.preventDefault();
        openWrapUp();
      } else if (key === 't' || event.code === 'KeyT') {
        event.preventDefault();
        openTransfer();
      }
    } else if (event.key === '?' && !typingTarget(event.target)) {
      event.preventDefault();
      $('shortcuts-dialog').showModal();
    }
  }

  function tick() {
    if (S.stopped) return;
    tickState();
    S.offers.forEach(tickOffer);
    var selected = S.selected && S.convs.get(S.selected);
    // Every held conversation's window, read again each minute (the list counts them down in between).
    if (S.live) S.convs.forEach(function (conv) { if (!conv.windowLoading && now() - (conv.windowAt || 0) > 60000) loadReplyWindow(conv); });
    if (selected && S.live && now() - (selected.collisionAt || 0) > 5000) checkCollisions(selected);
    if (!S.live) renderConnection();
    var list = $('conversation-list');
    Array.prototype.forEach.call(list.children, function (li) {
      var conv = S.convs.get(li.dataset.id);
      if (conv) updateListItem(li, conv);
    });
  }

  function bindStaticHandlers() {
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('signout-form').addEventListener('submit', confirmSignOut);
    $('signout-cancel').addEventListener('click', function () { $('signout-dialog').close(); });
    $('state-select').addEventListener('change', changeState);
    $('composer').addEventListener('submit', submitReply);
    $('attach').addEventListener('click', function () { $('attach-file').click(); });
    $('attach-file').addEventListener('change', attachImage);
    $('template-select').addEventListener('change', function () { var conv = S.selected && S.convs.get(S.selected); if (conv) renderTemplateParameters(conv); });
    $('template-send').addEventListener('click', sendTemplate);
    $('reply-public').addEventListener('change', function () { chooseVisibility('public'); });
    $('reply-private').addEventListener('change', function () { chooseVisibility('private'); });
    $('follow-request').addEventListener('click', insertFollowRequest);
    $('note-mode').addEventListener('change', function () { renderNoteMode(); $('reply').focus(); });
    $('reply').addEventListener('keydown', composerKey);
    $('reply').addEventListener('input', composerInput);
    $('responses-open').addEventListener('click', openResponses);
    bindEmoji();
    $('responses-search').addEventListener('input', scheduleResponses);
    $('responses-search').addEventListener('keydown', responsesKey);
    $('responses-category').addEventListener('change', loadResponses);
    $('responses-close').addEventListener('click', function () { $('responses-dialog').close(); });
    $('responses-dialog').addEventListener('close', responsesClosed);
    $('wrapup-open').addEventListener('click', openWrapUp);
    $('wrapup-form').addEventListener('submit', confirmWrapUp);
    $('wrapup-cancel').addEventListener('click', function () { $('wrapup-dialog').close(); });
    $('transfer-open').addEventListener('click', openTransfer);
    $('alerts-toggle').addEventListener('click', toggleAlerts);
    renderAlerts();
    $('transfer-form').addEventListener('submit', confirmTransfer);
    $('transfer-cancel').addEventListener('click', function () { $('transfer-dialog').close(); });
    $('shortcuts-open').addEventListener('click', function () { $('shortcuts-dialog').showModal(); });
    $('shortcuts-close').addEventListener('click', function () { $('shortcuts-dialog').close(); });
    document.addEventListener('keydown', globalKey);
    document.addEventListener('visibilitychange', function () {
      var conv = S.selected && S.convs.get(S.selected);
      if (!document.hidden && conv) markRead(conv);
    });
    window.addEventListener('online', reconnectNow);
    window.addEventListener('offline', function () {
      // The socket may take minutes to notice; say so now and let the reconnect loop take over.
      if (S.ws) { var ws = S.ws; try { ws.close(); } catch (e) { /* closing */ } ws.onclose(null); }
    });
    window.addEventListener('beforeunload', function () { if (!S.stopped) { saveDrafts(); saveOutbox(); } });
    setInterval(tick, 1000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
"""#
}
