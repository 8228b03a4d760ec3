extension DesktopAssets {
    /// The desktop script, part of `script`: public or private replies in a public thread ("move to private"), the
    /// X follow request, and follows arriving while the agent waits for one.
    static let scriptPrivate = #"""
  // ---------------------------------------------------------------------------------------------
  // Public or private: moving a public thread to private

  // What a private reply is called where a public thread can have one: an X DM, a private reply to a Facebook or
  // Instagram comment (it opens a Messenger or Instagram conversation). Null where the thread has no choice.
  function privateReplyName(conv) {
    var i = conv && conv.interaction;
    if (!i || i.visibility !== 'public') return null;
    var thread = i.threadKey || '';
    if (/^tweet:/.test(thread)) return 'Direct message';
    if (/^comment:/.test(thread)) return 'Private reply';
    return null;
  }

  // The visibility the next reply goes with: the thread's own unless the agent chose the other.
  function replyVisibility(conv) {
    return (conv && conv.visibility) || (conv && conv.interaction.visibility) || 'private';
  }

  function renderReplyMode(conv) {
    var mode = $('reply-mode');
    var name = privateReplyName(conv);
    mode.hidden = !name;
    if (!name) return;
    setText($('reply-private-label'), name);
    var visibility = replyVisibility(conv);
    $('reply-public').checked = visibility === 'public';
    $('reply-private').checked = visibility === 'private';
    var reply = $('reply');
    reply.setAttribute('aria-label', visibility === 'private' ? name + ' to the customer' : 'Public reply to the customer');
  }

  function chooseVisibility(visibility) {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || replyVisibility(conv) === visibility) return;
    conv.visibility = visibility;
    conv.window = null;
    renderSelectedHeader();
    loadReplyWindow(conv);
  }

  // The reply window asked for the visibility the agent chose.
  function replyWindowPath(conv) {
    var base = path('interactions', conv.id, 'reply-window');
    return replyVisibility(conv) !== conv.interaction.visibility ? base + '?visibility=' + encodeURIComponent(replyVisibility(conv)) : base;
  }

  // X: a DM must wait until the customer follows. Offer the standard public reply that asks for it, put in the
  // composer for editing, and say so once the follow arrives.
  function renderFollowOffer(conv) {
    var offer = $('follow-offer');
    var w = conv && conv.window;
    var suggested = w && !w.canSend && w.suggestedReply;
    offer.hidden = !suggested;
    if (!suggested) return;
    setText($('follow-request-text'), suggested);
  }

  function insertFollowRequest() {
    var conv = S.selected && S.convs.get(S.selected);
    var w = conv && conv.window;
    if (!w || !w.suggestedReply) return;
    var text = w.suggestedReply;
    conv.awaitingFollow = true;
    conv.visibility = 'public';
    conv.window = null;
    renderSelectedHeader();
    var reply = $('reply');
    reply.value = reply.value.trim() ? text + '\n' + reply.value : text;
    conv.draft = reply.value;
    saveDrafts();
    setComposerStatus('Send it publicly; when they follow, Parley tells you and the direct message can go.');
    loadReplyWindow(conv);
    reply.focus();
  }

  // contact.followed / contact.unfollowed: the agents holding the person's open conversations on that channel are
  // told, so "move to private" need not be tried again and again.
  function followChanged(data, follows) {
    (data.interactions || []).forEach(function (id) {
      var conv = S.convs.get(id);
      if (!conv) return;
      var name = customerName(conv.interaction);
      var onX = /^x:/.test(data.channel || '');
      conv.notice = onX ? (follows ? name + ' now follows you: a direct message can be sent.' : name + ' no longer follows you.')
        : follows ? name + ' added the account as a friend.' : name + ' blocked the account: messages to them are not delivered.';
      if (follows && conv.awaitingFollow) {
        conv.awaitingFollow = false;
        conv.visibility = 'private';
      }
      conv.window = null;
      refreshContact(conv.interaction.contactId);
      if (S.selected === id) {
        renderSelectedHeader();
        setComposerStatus(conv.notice);
        conv.notice = null;
      }
      loadReplyWindow(conv);
      renderList();
    });
  }
"""#
}
