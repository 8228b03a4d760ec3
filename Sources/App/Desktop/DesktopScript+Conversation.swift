extension DesktopAssets {
    /// The desktop script, part of `script`: The selected conversation: its header, post context, reply window, messages, and the contact panel (WhatsApp templates: `scriptTemplates`).
    static let scriptConversation = #"""
  // ---------------------------------------------------------------------------------------------
  // Rendering: the selected conversation

  function renderEmptyHint() {
    var hint = S.agentState && S.agentState.state === 'ready' ? 'You are Ready: new conversations appear as offers in the corner of the window.'
      : 'Choose Ready in the header to receive conversations.';
    setText($('conversation-empty-hint'), hint);
  }

  function renderSelected() {
    var conv = S.selected && S.convs.get(S.selected);
    $('conversation-empty').hidden = Boolean(conv);
    $('thread').hidden = !conv;
    setText($('conversation-empty-title'), S.convs.size ? 'No conversation selected' : 'No conversations');
    renderEmptyHint();
    renderContact();
    if (!conv) return;
    renderSelectedHeader();
    var reply = $('reply');
    $('note-mode').checked = false;
    renderNoteMode();
    reply.value = conv.draft || '';
    renderCollisions(conv);
    checkCollisions(conv);
    setComposerStatus(conv.notice || '');
    conv.notice = null;
    renderMessages(conv, true);
  }

  function renderSelectedHeader() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    var i = conv.interaction;
    setText($('conversation-title'), customerName(i));
    $('conversation-title').setAttribute('dir', 'auto');
    var started = parseTime(i.createdAt);
    setText($('conversation-meta'), [channelName(i.channelId), i.visibility === 'public' ? 'public' : 'private', STATES[i.state] || i.state,
      started ? 'started ' + dateTime(started) : ''].filter(Boolean).join(' \u00b7 '));
    var open = i.state === 'active' || i.state === 'waiting_for_customer' || i.state === 'wrap_up';
    $('wrapup-open').disabled = !open;
    $('transfer-open').disabled = !(i.state === 'active' || i.state === 'waiting_for_customer');
    var canReply = i.state === 'active' || i.state === 'waiting_for_customer';
    $('reply').disabled = !canReply;
    $('send').disabled = !canReply;
    $('responses-open').disabled = !canReply;
    $('emoji-open').disabled = !canReply;
    if (!canReply) closeEmoji(false);
    // Images go where Parley can hand them over: WhatsApp and Messenger (Meta's media API) and web messaging.
    $('attach').hidden = !/^conversation:(whatsapp|facebook|web):/.test(i.threadKey || '');
    $('attach').disabled = !canReply;
    renderAttachment(conv);
    renderReplyMode(conv);
    renderReplyWindow(conv);
  }

  // What the platform lets the agent send now and until when ("window closes in 3 h 12 min"), from the rules
  // the outbox enforces. Quiet where no window applies (web messaging, public replies).
  async function loadReplyWindow(conv) {
    if (!conv) return;
    if (conv.windowLoading) { conv.windowAgain = true; return; }
    conv.windowLoading = true;
    var asked = replyVisibility(conv);
    try {
      conv.window = await api('GET', replyWindowPath(conv));
    } catch (e) {
      // A conversation on an account no channel declares can be read but not answered: say so before the agent types.
      conv.window = e.code === 'channel_not_configured'
        ? { canSend: false, rule: 'channel_not_configured',
            explanation: 'no channel in Parley\'s configuration declares this account, so there is no way to answer it (ask an administrator)' }
        : null;
    } finally {
      conv.windowLoading = false;
      conv.windowAt = now();
    }
    // The agent switched between public and private while this was loading: ask again for the one chosen.
    if (conv.windowAgain || asked !== replyVisibility(conv)) { conv.windowAgain = false; conv.window = null; return loadReplyWindow(conv); }
    if (S.selected === conv.id) renderReplyWindow(conv);
    renderList();
  }

  function renderReplyWindow(conv) {
    var node = $('reply-window');
    var w = conv && conv.window;
    var quiet = !w || (w.canSend && (w.rule === 'own_channel' || w.rule === 'public_reply'));
    node.hidden = quiet;
    renderFollowOffer(conv);
    if (quiet) return;
    var sentence = w.explanation.charAt(0).toUpperCase() + w.explanation.slice(1);
    setText(node, w.canSend ? sentence + '.' : 'You cannot reply here now: ' + w.explanation + '.');
    node.classList.toggle('warn', w.canSend && w.urgency && w.urgency.level === 'closing');
    node.classList.toggle('closed', !w.canSend);
    if (!w.canSend) { $('reply').disabled = true; $('send').disabled = true; $('responses-open').disabled = true; $('emoji-open').disabled = true; closeEmoji(false); }
    renderTemplates(conv);
  }

  // A comment thread on one of the page's posts: what the post said, fetched once per conversation, so the
  // agent answering one comment of a busy post knows what it is about; and how the post's other threads stand
  // (waiting, held by this agent or others), read again at most every 10 seconds while the thread is shown.
  async function renderPostContext(conv) {
    var node = $('post-context');
    var onPost = conv && /^comment:/.test(conv.interaction.threadKey || '');
    if (!onPost) { node.hidden = true; return; }
    var loads = [];
    if (conv.post === undefined) {
      conv.post = null;
      loads.push(api('GET', path('interactions', conv.id, 'post')).then(function (post) { conv.post = post; }, function () { conv.post = false; }));
    }
    if (!conv.threadsAt || Date.now() - conv.threadsAt > 10000) {
      conv.threadsAt = Date.now();
      loads.push(api('GET', path('interactions', conv.id, 'post', 'threads')).then(function (t) { conv.threads = t; }, function () {}));
    }
    await Promise.all(loads);
    if (S.selected !== conv.id) return;
    node.textContent = '';
    var others = otherThreadsSentence(conv.threads);
    node.hidden = !conv.post && !others;
    if (conv.post) {
      node.appendChild(el('span', { className: 'muted' }, 'On the post' + (conv.post.author ? ' by ' + conv.post.author : '') + ':'));
      node.appendChild(el('p', { className: 'post-text', title: conv.post.text }, conv.post.text || '(no text)'));
    }
    if (others) node.appendChild(el('p', { id: 'post-threads', className: 'post-threads' + (conv.threads.waiting ? ' waiting' : '') }, others));
  }

  // "2 other threads on this post are waiting for an agent (the oldest for 3 min); of the rest, you hold 1."
  function otherThreadsSentence(t) {
    if (!t) return '';
    var held = [];
    if (t.heldByYou) held.push('you hold ' + t.heldByYou);
    if (t.heldByOthers) held.push('other agents hold ' + t.heldByOthers);
    if (!t.waiting) return held.length ? 'Of this post\'s other threads, ' + held.join(' and ') + '.' : '';
    var since = t.oldestWaitingSince ? ' (the oldest for ' + ago(Date.now() - parseTime(t.oldestWaitingSince)) + ')' : '';
    return t.waiting + (t.truncated ? ' or more' : '') + (t.waiting === 1 ? ' other thread on this post is' : ' other threads on this post are') +
      ' waiting for an agent' + since + (held.length ? '; of the rest, ' + held.join(' and ') : '') + '.';
  }

  function renderMessages(conv, jump) {
    var list = $('messages');
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    var entries = [];
    var lastDay = null;
    var shownNotes = new Set();
    conv.messages.forEach(function (m) {
      var t = parseTime(m.sentAt);
      // Notes written before this message come before it: the timeline reads in the order things happened.
      if (t) entries.push.apply(entries, noteEntries(conv, t, shownNotes));
      var day = t ? new Date(t).toDateString() : null;
      if (day && day !== lastDay) { entries.push({ key: 'day:' + day, day: t }); lastDay = day; }
      entries.push({ key: 'm:' + m.id, message: m, signature: [m.deliveryStatus, m.failureReason, m.retryAt, m.text.length,
        m.direction === 'inbound' ? customerName(conv.interaction) : '', m.editedAt, m.removedAt, m.hidden,
        actionsOn(conv, m).map(function (a) { return a.action + ':' + a.status; }).join(',')].join('|') });
    });
    // What Parley (or an agent) did to the customer's post besides answering: "Parley liked this post".
    (conv.actions || []).forEach(function (a) {
      var verb = { retweet: 'retweeted', hide: 'hid', unhide: 'unhid' }[a.action] || 'liked';
      var failed = a.status === 'failed' || a.status === 'denied';
      var who = a.by === 'Parley' ? 'Parley' : a.agentId && S.me && a.agentId === S.me.id ? 'You' : 'An agent';
      entries.push({ key: 'a:' + a.id, note: who + ' ' + verb + (a.action === 'hide' || a.action === 'unhide' ? ' a comment' : ' this post')
        + (failed ? ' (the platform refused it)' : ''), signature: a.status });
    });
    entries.push.apply(entries, noteEntries(conv, null, shownNotes));
    conv.outbox.forEach(function (o) {
      entries.push({ key: 'o:' + o.key, outgoing: o, signature: (o.sending ? 'sending' : o.error ? 'error:' + o.error : 'queued') + '|' + S.live });
    });
    if (!conv.messages.length && !conv.outbox.length) {
      entries.push({ key: 'note:empty', note: conv.loaded ? 'No messages yet.' : 'Loading messages\u2026', signature: String(conv.loaded) });
    }
    var keep = new Set(entries.map(function (e) { return e.key; }));
    conv.nodes.forEach(function (node, key) { if (!keep.has(key)) { node.remove(); conv.nodes.delete(key); } });
    entries.forEach(function (entry, index) {
      var node = conv.nodes.get(entry.key);
      if (node && node.dataset.signature !== (entry.signature || '')) { node.remove(); node = null; }
      if (!node) {
        node = entry.day ? el('div', { className: 'day' }, dateOnly(entry.day))
          : entry.note ? el('div', { className: 'system-note' }, entry.note)
          : entry.internal ? noteNode(entry.internal)
          : entry.message ? messageNode(conv, entry.message) : outgoingNode(conv, entry.outgoing);
        node.dataset.signature = entry.signature || '';
        conv.nodes.set(entry.key, node);
      }
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
    });
    if (jump || nearBottom) list.scrollTop = list.scrollHeight;
  }

  function messageNode(conv, m) {
    var inbound = m.direction === 'inbound';
    var t = parseTime(m.sentAt);
    var failed = m.deliveryStatus === 'failed';
    var author = inbound ? customerName(conv.interaction) : m.sentOutsideParley ? 'Page'
      : m.agentId && S.me && m.agentId === S.me.id ? 'You' : m.agentId ? m.agentName || 'Agent' : 'Parley';
    var meta = el('div', { className: 'msg-meta' },
      el('bdi', null, author),
      t ? el('time', { datetime: m.sentAt, title: dateTime(t) }, timeOfDay(t)) : null,
      m.visibility === 'public' ? el('span', null, 'public') : conv.interaction.visibility === 'public' ? el('span', { className: 'private-note' }, 'private') : null,
      m.sentOutsideParley ? el('span', { className: 'change-note', title: 'Written in another tool (such as Meta Business Suite), not in Parley' },
        'Sent outside Parley') : null,
      m.removedAt ? el('span', { className: 'change-note' }, inbound ? 'removed by the customer' : 'removed') : null,
      m.hidden ? el('span', { className: 'change-note', title: 'Hidden on the platform: only its author and their friends see it' }, 'hidden') : null,
      m.reaction ? el('span', { className: 'reaction', title: 'The customer reacted to this message', 'aria-label': 'Customer reaction: ' + m.reaction },
        m.reaction) : null,
      BIDI_CONTROLS.test(m.text) ? el('span', { className: 'bidi-note', title: 'Characters such as U+202E can make text read differently from how it is stored' },
        'contains text-direction controls') : null,
      inbound ? null : statusNode(m));
    return el('div', { className: 'msg ' + (inbound ? 'in' : 'out') + (failed ? ' failed' : '') + (m.removedAt ? ' removed' : ''), 'data-id': m.id },
      el('span', { className: 'visually-hidden' }, author + ' wrote:'),
      bubble(m.text, m.attachments), meta,
      m.editedAt ? revisionsNode(m) : null,
      inbound ? moderationNode(conv, m) : null,
      failed && m.failureReason ? el('div', { className: 'failure' }, m.failureReason) : null);
  }

  // The actions taken on one customer message that did or will take effect (a refused one changed nothing).
  function actionsOn(conv, m) {
    return (conv.actions || []).filter(function (a) {
      return m.platformMessageId && a.target === m.platformMessageId && a.status !== 'failed' && a.status !== 'denied';
    });
  }

  // Like (Facebook only), Hide or Unhide under a customer's public post or comment; Like and Retweet under a
  // customer's tweet. Each shows what is under way, and is done once.
  function moderationNode(conv, m) {
    var thread = (conv.interaction && conv.interaction.threadKey) || '';
    if (m.visibility !== 'public' || !m.platformMessageId || m.removedAt || !/^(comment|post|tweet):/.test(thread)) return null;
    var taken = actionsOn(conv, m);
    var like = taken.filter(function (a) { return a.action === 'like'; })[0];
    var likeButton = el('button', { type: 'button', text: !like ? 'Like' : like.status === 'sent' ? 'Liked' : 'Liking\u2026', disabled: Boolean(like),
      'aria-pressed': like ? 'true' : 'false', on: { click: function (event) { moderate(conv, m, 'like', event.currentTarget); } } });
    if (/^tweet:/.test(thread)) {
      var retweet = taken.filter(function (a) { return a.action === 'retweet'; })[0];
      return el('div', { className: 'msg-actions' }, likeButton,
        el('button', { type: 'button', text: !retweet ? 'Retweet' : retweet.status === 'sent' ? 'Retweeted' : 'Retweeting\u2026', disabled: Boolean(retweet),
          'aria-pressed': retweet ? 'true' : 'false', title: 'Share the tweet with the account\'s followers',
          on: { click: function (event) { moderate(conv, m, 'retweet', event.currentTarget); } } }));
    }
    var toggles = taken.filter(function (a) { return a.action === 'hide' || a.action === 'unhide'; });
    var last = toggles[toggles.length - 1];
    var hidden = last ? last.action === 'hide' : Boolean(m.hidden);
    var busy = Boolean(last && last.status !== 'sent');
    var hideLabel = busy ? (hidden ? 'Hiding\u2026' : 'Unhiding\u2026') : hidden ? 'Unhide' : 'Hide';
    return el('div', { className: 'msg-actions' },
      (m.author || '').indexOf('facebook:') === 0 ? likeButton : null,
      el('button', { type: 'button', text: hideLabel, disabled: busy, title: hidden ? 'Show it to everyone again' : 'Only its author and their friends will see it',
        on: { click: function (event) { moderate(conv, m, hidden ? 'unhide' : 'hide', event.currentTarget); } } }));
  }

  async function moderate(conv, m, action, button) {
    button.disabled = true;
    try {
      var taken = await api('POST', path('interactions', conv.id, 'messages', m.id, 'actions'), { action: action });
      conv.actions = (conv.actions || []).filter(function (a) { return a.id !== taken.id; }).concat([taken]);
      if (S.selected === conv.id) renderMessages(conv, false);
      followActions(conv, 0);
    } catch (e) {
      button.disabled = false;
      setBanner(e.message || 'Parley could not ' + action + ' the comment.', true);
    }
  }

  // An action's platform call has no event of its own when it completes: look again a few times until it is sent
  // or refused.
  function followActions(conv, round) {
    setTimeout(function () {
      var open = (conv.actions || []).some(function (a) { return a.status === 'pending' || a.status === 'in_flight'; });
      if (!open || round >= 8 || !S.convs.has(conv.id)) return;
      loadMessages(conv, false).then(function () { followActions(conv, round + 1); });
    }, 1000 * (round + 1));
  }

  // An edited message shows its current text; what it said before is one click (or Enter) away.
  function revisionsNode(m) {
    var earlier = (m.revisions || []).map(function (r) { return el('li', null, el('bdi', null, r.text)); });
    return el('details', { className: 'revisions' },
      el('summary', null, earlier.length ? 'edited \u2014 show what it said before' : 'edited'),
      earlier.length ? el('ol', null, earlier) : null);
  }

  function statusNode(m) {
    var labels = { pending: 'Sending\u2026', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered' };
    var label = labels[m.deliveryStatus] || m.deliveryStatus;
    // Waiting for another attempt: "Queued - X rate limit, sending at 14:32".
    var retry = m.deliveryStatus === 'pending' && m.retryAt ? parseTime(m.retryAt) : null;
    if (retry) label = 'Queued \u2014 ' + (m.retryReason || 'retrying') + ', sending at ' + timeOfDay(retry);
    return el('span', { className: 'status status-' + m.deliveryStatus }, label);
  }

  function outgoingNode(conv, o) {
    var state = o.sending ? 'sending' : o.error ? 'unsent' : 'queued';
    var label = o.sending ? 'Sending\u2026' : o.error ? 'Not sent: ' + o.error
      : S.live ? 'Waiting to send\u2026' : 'Queued \u2014 sends when the connection is back';
    var actions = o.error ? el('div', { className: 'msg-actions' },
      // A template is picked again, not edited as free text (which the window would refuse).
      o.template ? null : el('button', { type: 'button', text: 'Edit', on: { click: function () { editUnsent(conv, o); } } }),
      el('button', { type: 'button', text: 'Discard', on: { click: function () { discardUnsent(conv, o); } } })) : null;
    return el('div', { className: 'msg out ' + state },
      el('span', { className: 'visually-hidden' }, 'You wrote:'),
      bubble(o.text, o.attachments || []),
      el('div', { className: 'msg-meta' }, el('span', null, 'You'), el('span', { className: 'status status-' + state }, label)),
      actions);
  }

  function bubble(text, attachments) {
    var box = el('div', { className: 'bubble' });
    if (text) {
      var p = el('p', { className: 'msg-text', dir: 'auto' });
      appendLinkified(p, text);
      box.appendChild(p);
      if (text.length > LONG_MESSAGE) {
        p.classList.add('collapsed');
        var more = el('button', { type: 'button', className: 'link more', 'aria-expanded': 'false' },
          'Show the whole message (' + text.length.toLocaleString() + ' characters)');
        more.addEventListener('click', function () {
          var open = p.classList.toggle('collapsed') === false;
          more.setAttribute('aria-expanded', String(open));
          more.textContent = open ? 'Show less' : 'Show the whole message (' + text.length.toLocaleString() + ' characters)';
        });
        box.appendChild(more);
      }
    }
    if (attachments && attachments.length) {
      var row = el('div', { className: 'attachments' });
      attachments.forEach(function (a) { row.appendChild(attachmentNode(a)); });
      box.appendChild(row);
    }
    return box;
  }

  // A same-origin path such as /messenger/uploads/... (not //host, not /\host).
  function sameOriginPath(url) { return typeof url === 'string' && /^\/(?![\/\\])/.test(url); }

  function safeLink(raw) {
    try {
      var url = new URL(raw, location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
    } catch (e) { return null; }
  }

  function attachmentNode(a) {
    var name = a.filename || (a.kind === 'image' ? 'image' : 'attachment');
    // Inbound files Parley copies from the platform: say so until the copy is there (or why it is not).
    if (a.state === 'pending') return el('span', { className: 'attachment-file' }, (a.kind || 'file') + ': ' + name + ' (fetching...)');
    if (a.state === 'failed') {
      return el('span', { className: 'attachment-file', title: a.platformUrl || '' }, (a.kind || 'file') + ': ' + name + ' (not stored: ' + (a.reason || 'unknown') + ')');
    }
    if (a.kind === 'image' && sameOriginPath(a.url)) {
      return el('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer', title: name },
        el('img', { src: a.url, alt: 'Image from the customer: ' + name, loading: 'lazy' }));
    }
    var link = a.url ? (sameOriginPath(a.url) ? safeLink(a.url) : safeLink(a.url)) : null;
    if (link) {
      return el('a', { className: 'attachment-file', href: link.href, target: '_blank', rel: 'noopener noreferrer' },
        (a.kind || 'file') + ': ' + name + (link.host !== location.host ? ' (' + link.host + ')' : ''));
    }
    return el('span', { className: 'attachment-file' }, (a.kind || 'file') + ': ' + name);
  }

  var BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u00a0\u2000-\u200f\u2028-\u202f]+/gi;

  // Text with its http(s) URLs as links; everything else stays text. A link whose real host differs
  // from what it appears to say (an internationalised look-alike) shows the real one next to it.
  function appendLinkified(node, text) {
    var last = 0, match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]}]+$/, '');
      var url = safeLink(raw);
      if (!url) continue;
      node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', title: url.href }, raw);
      node.appendChild(link);
      var shown = raw.replace(/^https?:\/\//i, '').split(/[\/?#]/)[0].toLowerCase();
      if (shown !== url.host) node.appendChild(el('span', { className: 'link-host' }, ' [' + url.host + ']'));
      last = match.index + raw.length;
      URL_PATTERN.lastIndex = last;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

"""#
}
