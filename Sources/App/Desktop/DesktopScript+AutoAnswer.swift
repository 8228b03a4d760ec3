extension DesktopAssets {
    /// The desktop script, part of `script`: conversations that became the agent's without an offer -- a workgroup
    /// that answers automatically (`routing.auto_answer`), or a supervisor's assignment. Routing assigns them; the
    /// desktop opens them and says so in a toast.
    static let scriptAutoAnswer = #"""
  // ---------------------------------------------------------------------------------------------
  // Accepted for you

  // An `interaction.accepted` event for us that no offer of ours preceded. Replayed old events (an agent coming
  // back after a while) announce nothing: the conversation list is enough then.
  function acceptedForYou(id, recordedAt) {
    var fresh = recordedAt && Math.abs(now() - recordedAt) < 120000;
    var shown = S.convs.has(id);
    accepted(id, false).then(function () {
      var conv = S.convs.get(id);
      if (!fresh || shown || !conv) return;
      // The first words come with the messages, which `accepted` started loading.
      Promise.resolve(conv.loading).catch(function () { /* shown without them */ }).then(function () { showAutoToast(conv); });
    });
  }

  function showAutoToast(conv) {
    var old = document.querySelector('.offer.auto[data-id="' + cssEscape(conv.id) + '"]');
    if (old) old.remove();
    var titleId = 'auto-title-' + conv.id;
    var first = (conv.messages || []).filter(function (m) { return m.direction === 'inbound'; })[0];
    var node = el('div', { className: 'offer auto', role: 'group', 'aria-labelledby': titleId, 'data-id': conv.id },
      el('div', { className: 'offer-top' }, el('span', { className: 'offer-channel' }, channelName(conv.interaction.channelId)),
        el('span', null, 'auto-answered')),
      el('h3', { className: 'offer-title', id: titleId }, 'Accepted for you: ', el('bdi', { className: 'offer-name' }, customerName(conv.interaction))),
      el('p', { className: 'offer-words', dir: 'auto' }, first ? preview(first) || '[image]' : 'The conversation is open in your list.'),
      el('div', { className: 'offer-actions' },
        el('button', { type: 'button', className: 'primary', on: { click: function () { node.remove(); select(conv.id, true); } } }, 'Open'),
        el('button', { type: 'button', className: 'secondary', on: { click: function () { dismissAutoToast(node); } } }, 'Dismiss')));
    $('offers').appendChild(node);
    alertArrival({ id: conv.id, interaction: conv.interaction, words: first ? preview(first) : '' });
    // Gone by itself after a while, unless the agent is on it.
    setTimeout(function () { if (!node.contains(document.activeElement)) node.remove(); }, 15000);
  }

  function dismissAutoToast(node) {
    var hadFocus = node.contains(document.activeElement);
    node.remove();
    if (hadFocus && !$('thread').hidden) $('reply').focus();
  }

"""#
}
