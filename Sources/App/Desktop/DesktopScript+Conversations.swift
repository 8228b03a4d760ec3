extension DesktopAssets {
    /// The desktop script, part of `script`: Conversations and the list.
    static let scriptConversations = #"""
  // ---------------------------------------------------------------------------------------------
  // Conversations

  function upsertConversation(interaction) {
    var conv = S.convs.get(interaction.id);
    if (!conv) {
      var drafts = load('drafts', {}), outbox = load('outbox', {}), read = load('read', {});
      conv = {
        id: interaction.id, interaction: interaction, messages: [], byId: new Map(), lastId: null,
        draft: drafts[interaction.id] || '', outbox: (outbox[interaction.id] || []).map(function (o) {
          return { key: o.key, text: o.text, attachments: o.attachments || [], visibility: o.visibility || null, createdAt: o.createdAt, error: o.error,
            sending: false };
        }),
        lastRead: read[interaction.id] || null, loaded: false, loading: null, loadAgain: null, history: null, nodes: new Map()
      };
      S.convs.set(interaction.id, conv);
      loadContact(interaction.contactId);
    } else {
      conv.interaction = interaction;
    }
    return conv;
  }

  function contactOf(conv) { return S.contacts.get(conv.interaction.contactId) || null; }

  function customerName(interaction) {
    var contact = S.contacts.get(interaction.contactId);
    return contact && contact.displayName ? contact.displayName : 'Customer';
  }

  function channelName(id) { return S.channelNames[id] || id; }

  function loadContact(id) {
    if (!id || S.contacts.has(id)) return;
    S.contacts.set(id, null);
    api('GET', path('contacts', id)).then(function (contact) {
      S.contacts.set(id, contact);
      renderList();
      renderSelectedHeader();
      renderContact();
      S.offers.forEach(function (offer) { if (offer.interaction && offer.interaction.contactId === id) renderOffer(offer); });
    }, function () { S.contacts.delete(id); });
  }

  // New messages of one conversation, or all of them again (`full`) when a known message changed status.
  function loadMessages(conv, full) {
    if (conv.loading) {
      conv.loadAgain = conv.loadAgain === 'full' || full ? 'full' : 'new';
      return conv.loading;
    }
    conv.loading = (async function () {
      var after = full ? null : conv.lastId;
      for (var page = 0; page < 100; page++) {
        var query = '?limit=200' + (after ? '&after=' + encodeURIComponent(after) : '');
        var detail = await api('GET', path('interactions', conv.id) + query);
        conv.interaction = detail.interaction;
        conv.actions = detail.actions || [];
        addNotes(conv, detail.notes || []);
        detail.messages.forEach(function (m) {
          if (!conv.byId.has(m.id)) conv.messages.push(m);
          else {
            var index = conv.messages.indexOf(conv.byId.get(m.id));
            if (index >= 0) conv.messages[index] = m;
          }
          conv.byId.set(m.id, m);
          conv.lastId = conv.messages.length ? conv.messages[conv.messages.length - 1].id : null;
        });
        if (!detail.nextAfter || !detail.messages.length) break;
        after = detail.nextAfter;
      }
      if (!conv.loaded && !conv.lastRead) {
        // First sight in this tab: what came after our last reply counts as unread.
        for (var i = conv.messages.length - 1; i >= 0; i--) {
          if (conv.messages[i].direction === 'outbound') { conv.lastRead = conv.messages[i].id; break; }
        }
      }
      conv.loaded = true;
      if (S.selected === conv.id && !document.hidden) markRead(conv);
      if (!S.convs.has(conv.id)) return;
      renderList();
      if (S.selected === conv.id) { renderMessages(conv, false); renderSelectedHeader(); }
    })().catch(function (e) {
      if (e.status === 404) conversationClosed(conv.id, null);
      // The last message seen is no longer this conversation's: read it all again.
      if (e.code === 'invalid_cursor' && !conv.loadAgain) conv.loadAgain = 'full';
    }).finally(function () {
      conv.loading = null;
      var again = conv.loadAgain;
      conv.loadAgain = null;
      if (again && S.convs.has(conv.id)) loadMessages(conv, again === 'full');
    });
    return conv.loading;
  }

  function messageEvent(id, messageID) {
    var conv = id && S.convs.get(id);
    if (!conv) { if (id && !S.offers.has(id)) refreshAll(); return; }
    loadMessages(conv, Boolean(messageID && conv.byId.has(messageID)));
  }

  function unreadCount(conv) {
    var count = 0;
    for (var i = conv.messages.length - 1; i >= 0; i--) {
      var m = conv.messages[i];
      if (m.id === conv.lastRead) break;
      if (m.direction === 'inbound') count++;
    }
    return count;
  }

  function markRead(conv) {
    if (!conv.messages.length) return;
    var last = conv.messages[conv.messages.length - 1].id;
    if (conv.lastRead === last) return;
    conv.lastRead = last;
    saveRead();
    renderList();
  }

  function conversationClosed(id, why) {
    var conv = S.convs.get(id);
    if (!conv) return;
    var name = customerName(conv.interaction);
    var unsent = conv.outbox.length;
    S.convs.delete(id);
    // A transfer or wrap-up open for it can no longer be done: close it (the banner says why).
    ['transfer-dialog', 'wrapup-dialog'].forEach(function (dialogID) {
      var dialog = $(dialogID);
      if (dialog.open && dialog.dataset.id === id) dialog.close();
    });
    saveDrafts();
    saveOutbox();
    saveRead();
    if (S.selected === id) {
      S.selected = null;
      var next = S.convs.keys().next();
      if (!next.done) select(next.value, false); else renderSelected();
    }
    renderList();
    if (why || unsent) {
      setBanner('The conversation with ' + name + ' was ' + (why || 'closed') + '.' +
        (unsent ? ' ' + unsent + ' unsent ' + (unsent === 1 ? 'reply was' : 'replies were') + ' dropped.' : ''), Boolean(unsent));
    }
  }

  function select(id, focusComposer) {
    var previous = S.selected && S.convs.get(S.selected);
    if (previous) previous.draft = $('reply').value;
    if (previous && previous.id !== id) { stopComposing(previous); closeEmoji(false); }
    saveDrafts();
    S.selected = id;
    save('selected', id);
    var conv = S.convs.get(id);
    if (conv) {
      clear($('messages'));
      conv.nodes = new Map();
      if (!document.hidden) markRead(conv);
    }
    renderList();
    renderSelected();
    if (conv) loadReplyWindow(conv);
    renderPostContext(conv);
    if (conv && focusComposer) $('reply').focus();
  }

  function selectRelative(step) {
    var ids = Array.from(S.convs.keys());
    if (!ids.length) return;
    var index = ids.indexOf(S.selected);
    var next = ids[(index + step + ids.length) % ids.length];
    select(next, false);
    var button = document.querySelector('.conv-item[data-id="' + cssEscape(next) + '"]');
    if (button) button.focus();
  }

  function cssEscape(value) { return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^a-zA-Z0-9_-]/g, ''); }

  // ---------------------------------------------------------------------------------------------
  // Rendering: the list

  function lastMessage(conv) {
    if (conv.outbox.length) return { direction: 'outbound', text: conv.outbox[conv.outbox.length - 1].text, attachments: [] };
    return conv.messages[conv.messages.length - 1] || null;
  }

  function preview(message) {
    if (!message) return '';
    var text = (message.text || '').replace(/\s+/g, ' ').trim();
    if (!text && message.attachments && message.attachments.length) text = message.attachments.length === 1 ? '[image]' : '[' + message.attachments.length + ' images]';
    return previewAuthor(message) + text.slice(0, 140);
  }

  // Who wrote an outbound message, as the list's preview names them.
  function previewAuthor(message) {
    if (message.direction !== 'outbound') return '';
    if (message.agentId && S.me && message.agentId === S.me.id) return 'You: ';
    if (message.sentOutsideParley) return 'Page: ';
    return message.agentId ? (message.agentName || 'Agent') + ': ' : 'Parley: ';
  }

  // Seconds the customer has been waiting for us, or null when the last word was ours.
  function waitingSince(conv) {
    var last = conv.messages[conv.messages.length - 1];
    if (conv.outbox.length || (last && last.direction === 'outbound')) return null;
    if (last) return parseTime(last.sentAt);
    return parseTime(conv.interaction.lastCustomerMessageAt);
  }

  function renderList() {
    var list = $('conversation-list');
    var ids = Array.from(S.convs.keys());
    $('list-empty').hidden = ids.length > 0;
    setText($('list-count'), ids.length ? '(' + ids.length + ')' : '');
    var existing = new Map();
    Array.prototype.forEach.call(list.children, function (li) { existing.set(li.dataset.id, li); });
    ids.forEach(function (id, index) {
      var li = existing.get(id);
      if (!li) li = buildListItem(id);
      existing.delete(id);
      if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
      updateListItem(li, S.convs.get(id));
    });
    existing.forEach(function (li) { li.remove(); });
    renderTitle();
  }

  function buildListItem(id) {
    var button = el('button', { type: 'button', className: 'conv-item', 'data-id': id, on: { click: function () { select(id, true); } } },
      el('span', { className: 'conv-row' }, el('bdi', { className: 'conv-name' }), el('span', { className: 'conv-wait' })),
      el('span', { className: 'conv-row' }, el('span', { className: 'conv-preview', dir: 'auto' }), el('span', { className: 'badge', 'aria-hidden': 'true' })),
      el('span', { className: 'conv-row' }, el('span', { className: 'conv-channel' }), el('span', { className: 'conv-window' })),
      el('span', { className: 'visually-hidden conv-unread-label' }));
    return el('li', { 'data-id': id }, button);
  }

  function updateListItem(li, conv) {
    var button = li.firstChild;
    var unread = unreadCount(conv);
    var waiting = waitingSince(conv);
    button.setAttribute('aria-current', S.selected === conv.id ? 'true' : 'false');
    button.classList.toggle('unread', unread > 0);
    setText(button.querySelector('.conv-name'), customerName(conv.interaction));
    setText(button.querySelector('.conv-preview'), preview(lastMessage(conv)));
    var badge = button.querySelector('.badge');
    badge.hidden = unread === 0;
    setText(badge, String(unread));
    setText(button.querySelector('.conv-unread-label'), unread ? ', ' + unread + ' unread' : '');
    var wait = button.querySelector('.conv-wait');
    var waited = waiting ? now() - waiting : 0;
    wait.className = 'conv-wait' + (waiting ? ' waiting' : '') + (waited > 300000 ? ' long' : '');
    setText(wait, waiting ? shortAgo(waited) : conv.interaction.state === 'waiting_for_customer' ? 'replied' : '');
    wait.title = waiting ? 'The customer has waited ' + ago(waited) + ' for a reply' : '';
    var channel = channelName(conv.interaction.channelId) + (conv.interaction.visibility === 'public' ? ' \u00b7 public' : '');
    setText(button.querySelector('.conv-channel'), channel);
    renderListWindow(button.querySelector('.conv-window'), conv);
  }

  // The platform's window for the next reply, counted down in the list: "closes in 3 h", "closed".
  function renderListWindow(node, conv) {
    var w = conv.window;
    var closes = w && w.closesAt ? parseTime(w.closesAt) : null;
    var left = closes ? closes - now() : null;
    var closed = Boolean(w && !w.canSend) || (left !== null && left <= 0);
    node.className = 'conv-window' + (closed ? ' closed' : left !== null && left < 3600000 ? ' closing' : '');
    setText(node, closed ? 'window closed' : left !== null ? 'closes in ' + ago(left).replace(/ \d+ min$/, '') : '');
    node.title = closed ? 'The platform no longer takes a free-form reply here' : left !== null ? 'The reply window closes in ' + ago(left) : '';
  }

  function renderTitle() {
    var unread = 0;
    S.convs.forEach(function (c) { unread += unreadCount(c); });
    var offers = Array.from(S.offers.values()).filter(function (o) { return o.node.isConnected && !o.gone; }).length;
    document.title = (offers ? '(' + offers + ' new) ' : '') + (unread ? '[' + unread + '] ' : '') + 'Parley';
  }

"""#
}
