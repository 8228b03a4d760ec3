extension DesktopAssets {
    /// The desktop script, part of `script`: Offers: one arrives, counts down, is accepted or declined, or ends without us.
    static let scriptOffers = #"""
  // ---------------------------------------------------------------------------------------------
  // Offers

  function offerArrived(id, offeredAt, interaction) {
    if (S.convs.has(id)) return;
    var offer = S.offers.get(id);
    if (offer && offer.gone) { removeOffer(id); offer = null; }
    if (offer) { if (interaction) offer.interaction = interaction; return; }
    offer = { id: id, offeredAt: offeredAt || now(), interaction: interaction || null, words: null, node: null, busy: false, gone: null, checked: false };
    S.offers.set(id, offer);
    offer.node = buildOffer(offer);
    // Shown once Parley confirms it is still offered: a replayed event for an old offer shows nothing.
    (async function () {
      try {
        var detail = await api('GET', path('interactions', id) + '?limit=5');
        offer.interaction = detail.interaction;
        var first = detail.messages.filter(function (m) { return m.direction === 'inbound'; })[0];
        offer.words = first ? preview(first) || '[image]' : '';
        if (detail.interaction.state !== 'offered') { removeOffer(id); return; }
        loadContact(detail.interaction.contactId);
      } catch (e) {
        if (e.status === 404 || e.status === 403) { removeOffer(id); return; }
      }
      if (S.offers.get(id) !== offer) return;
      renderOffer(offer);
      $('offers').appendChild(offer.node);
      renderTitle();
      alertArrival(offer);
    })();
  }

  function buildOffer(offer) {
    var titleId = 'offer-title-' + offer.id;
    var accept = el('button', { type: 'button', className: 'primary', 'aria-keyshortcuts': 'Alt+A', on: { click: function () { acceptOffer(offer); } } }, 'Accept');
    var decline = el('button', { type: 'button', className: 'secondary', on: { click: function () { declineOffer(offer); } } }, 'Decline');
    return el('div', { className: 'offer', 'aria-labelledby': titleId, role: 'group' },
      el('div', { className: 'offer-top' }, el('span', { className: 'offer-channel' }), el('span', { className: 'offer-since' })),
      el('h3', { className: 'offer-title', id: titleId }, el('span', { className: 'visually-hidden' }, 'New conversation from '), el('bdi', { className: 'offer-name' }, 'a customer')),
      el('p', { className: 'offer-words', dir: 'auto' }),
      el('div', { className: 'offer-bar', 'aria-hidden': 'true' }, el('span')),
      el('p', { className: 'offer-countdown' }),
      el('div', { className: 'offer-actions' }, accept, decline),
      el('p', { className: 'offer-note', role: 'status', hidden: true }));
  }

  function renderOffer(offer) {
    var node = offer.node;
    var i = offer.interaction;
    setText(node.querySelector('.offer-channel'), i ? channelName(i.channelId) : 'New conversation');
    setText(node.querySelector('.offer-name'), i ? customerName(i) : 'a customer');
    setText(node.querySelector('.offer-words'), offer.words === null ? 'Loading\u2026' : offer.words || '(no text)');
    tickOffer(offer);
  }

  function tickOffer(offer) {
    if (offer.gone) return;
    var node = offer.node;
    var elapsed = Math.max(0, (now() - offer.offeredAt) / 1000);
    var left = Math.max(0, OFFER_SECONDS - elapsed);
    setText(node.querySelector('.offer-since'), 'offered ' + clock(elapsed) + ' ago');
    setText(node.querySelector('.offer-countdown'), left > 0 ? 'Accept within ' + Math.ceil(left) + ' s' : 'Time is up \u2014 it may go to someone else');
    node.querySelector('.offer-bar span').style.width = (100 * left / OFFER_SECONDS).toFixed(1) + '%';
    node.classList.toggle('late', left < 10);
    if (left === 0 && elapsed > OFFER_SECONDS + 5 && !offer.checked) {
      // No word from the stream: ask whether it is still ours.
      offer.checked = true;
      api('GET', path('interactions', offer.id) + '?limit=1').then(function (d) {
        if (d.interaction.state !== 'offered' || (d.interaction.assignedAgentId && d.interaction.assignedAgentId !== S.me.id)) offerGone(offer.id, 'Not answered in time.');
        else offer.checked = false;
      }, function (e) { if (e.status === 404 || e.status === 403) offerGone(offer.id, null); else offer.checked = false; });
    }
  }

  function removeOffer(id) {
    var offer = S.offers.get(id);
    if (!offer) return;
    var hadFocus = offer.node.contains(document.activeElement);
    offer.node.remove();
    S.offers.delete(id);
    renderTitle();
    if (hadFocus) {
      var next = document.querySelector('.offer button.primary:not(:disabled)');
      (next || $('reply')).focus();
    }
  }

  // The offer ended without us: say why for a moment, then remove it.
  function offerGone(id, why) {
    var offer = id && S.offers.get(id);
    if (!offer || offer.gone) return;
    if (!why) { removeOffer(id); return; }
    offer.gone = why;
    offer.node.classList.add('gone');
    offer.node.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    var note = offer.node.querySelector('.offer-note');
    note.hidden = false;
    note.textContent = why;
    setTimeout(function () { if (S.offers.get(id) === offer) removeOffer(id); }, 4000);
  }

  async function acceptOffer(offer) {
    if (offer.busy || offer.gone) return;
    offer.busy = true;
    offer.node.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    try {
      var interaction = await api('POST', path('interactions', offer.id, 'accept'));
      removeOffer(offer.id);
      accepted(offer.id, true, interaction);
    } catch (e) {
      offer.busy = false;
      if (e.status === 409 || e.status === 404) offerGone(offer.id, 'This conversation is no longer offered to you.');
      else if (e.status !== 401) {
        offer.node.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
        var note = offer.node.querySelector('.offer-note');
        note.hidden = false;
        note.textContent = 'Could not accept: ' + e.message;
      }
    }
  }

  async function declineOffer(offer) {
    if (offer.busy || offer.gone) return;
    offer.busy = true;
    offer.node.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    try {
      await api('POST', path('interactions', offer.id, 'reject'));
      removeOffer(offer.id);
    } catch (e) {
      offer.busy = false;
      if (e.status === 409 || e.status === 404) removeOffer(offer.id);
      else if (e.status !== 401) {
        offer.node.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
        var note = offer.node.querySelector('.offer-note');
        note.hidden = false;
        note.textContent = 'Could not decline: ' + e.message;
      }
    }
  }

  // An interaction became ours (accepted here, in another tab, or automatically).
  async function accepted(id, here, interaction) {
    removeOffer(id);
    if (!interaction) {
      try { interaction = (await api('GET', path('interactions', id) + '?limit=1')).interaction; } catch (e) { return; }
    }
    if (interaction.state === 'closed') return;
    var conv = upsertConversation(interaction);
    renderList();
    if (here || !S.selected) select(id, here);
    loadMessages(conv, false);
  }

"""#
}
