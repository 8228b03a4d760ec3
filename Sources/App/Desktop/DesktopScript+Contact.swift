extension DesktopAssets {
    /// The desktop script, part of `script`: the contact panel: who the customer is, notes, and their earlier conversations.
    static let scriptContact = #"""
  // ---------------------------------------------------------------------------------------------
  // Rendering: the contact panel

  function initials(name) {
    var words = String(name || '?').trim().split(/\s+/).filter(Boolean);
    var letters = words.slice(0, 2).map(function (w) { return Array.from(w)[0] || ''; }).join('');
    return (letters || '?').toUpperCase();
  }

  // The letter avatar's colour, the same for a customer every time. Platform profile pictures are not loaded:
  // they live on the platforms' hosts, which the page's Content-Security-Policy (img-src 'self') keeps out, and
  // fetching them would tell the platform who is looking.
  function avatarTone(id) {
    var hash = 0;
    Array.from(String(id || '')).forEach(function (c) { hash = (hash * 31 + c.charCodeAt(0)) % 1000003; });
    return 'tone-' + (hash % 6);
  }

  // -1...1 from the content analyzer, in plain words; the same cut-offs as docs/agent-desktop.md.
  function sentimentWord(score) {
    if (score <= -0.25) return 'negative';
    if (score >= 0.25) return 'positive';
    return 'neutral';
  }

  function signed(value) { return (value > 0 ? '+' : value < 0 ? '\u2212' : '') + Math.abs(value).toFixed(2); }

  // Follows us, audience, influence and the sentiment of this interaction: "no data" where nothing tells.
  function contactFacts(contact, interaction) {
    var scores = (interaction && interaction.scores) || {};
    var facts = el('dl', { className: 'contact-facts', id: 'contact-facts' });
    function fact(key, label, value, tone) {
      facts.appendChild(el('dt', null, label));
      facts.appendChild(el('dd', { 'data-fact': key, className: tone || (value === 'no data' ? 'muted' : null) }, value));
    }
    fact('follows', 'Follows us', contact.followsCompany === true ? 'Yes' : contact.followsCompany === false ? 'No' : 'no data',
      contact.followsCompany === true ? 'yes' : null);
    var audience = typeof contact.followerCount === 'number' ? contact.followerCount.toLocaleString('en-US') + ' follower' + (contact.followerCount === 1 ? '' : 's') : null;
    if (audience || contact.verified) fact('audience', 'Audience', [audience, contact.verified ? 'verified' : null].filter(Boolean).join(', '));
    fact('influence', 'Influence', typeof scores.influence === 'number' ? Math.round(scores.influence) + ' / 100' : 'no data');
    if (typeof scores.sentiment === 'number') {
      var word = sentimentWord(scores.sentiment);
      fact('sentiment', 'Sentiment', word + ' (' + signed(scores.sentiment) + ')', 'sentiment-' + word);
    } else {
      fact('sentiment', 'Sentiment', 'no data');
    }
    return facts;
  }

  // Read the customer again (after X or LINE reported a follow): the panel shows the new flag.
  function refreshContact(id) {
    if (!id || !S.contacts.get(id)) return;
    api('GET', path('contacts', id)).then(function (contact) {
      S.contacts.set(id, contact);
      renderContact();
    }, function () { /* the panel keeps what it had */ });
  }

  function renderContact() {
    var body = $('contact-body');
    var conv = S.selected && S.convs.get(S.selected);
    clear(body);
    if (!conv) { body.appendChild(el('p', { className: 'muted' }, 'Select a conversation to see who you are talking to.')); return; }
    var contact = contactOf(conv);
    if (!contact) { body.appendChild(el('p', { className: 'muted' }, 'Loading the customer\u2026')); return; }
    var since = parseTime(contact.createdAt);
    body.appendChild(el('div', { className: 'contact-head' },
      el('span', { className: 'avatar ' + avatarTone(contact.id), 'aria-hidden': 'true' }, initials(contact.displayName)),
      el('div', null, el('div', { className: 'contact-name', dir: 'auto' }, contact.displayName || 'Customer'),
        since ? el('div', { className: 'contact-since muted' }, 'Known since ' + dateOnly(since)) : null)));
    body.appendChild(contactFacts(contact, conv.interaction));
    body.appendChild(el('h3', null, 'Identities'));
    var identities = el('ul', { className: 'identities' });
    (contact.identities || []).forEach(function (identity) {
      var main = identity.handle ? '@' + identity.handle : identity.displayName || identity.id;
      identities.appendChild(el('li', null,
        el('span', { className: 'identity-platform' }, (PLATFORMS[identity.platform] || identity.platform) + (identity.scope ? ' \u00b7 ' + identity.scope : '')),
        el('bdi', null, main),
        identity.email ? el('div', null, el('bdi', null, identity.email)) : null,
        identity.phone ? el('div', null, el('bdi', null, identity.phone)) : null));
    });
    body.appendChild(identities);
    body.appendChild(el('h3', { id: 'contact-notes-title' }, 'Notes'));
    var notes = el('div', { className: 'notes-box' });
    body.appendChild(notes);
    renderContactNotes(conv, notes);
    body.appendChild(el('h3', { id: 'contact-history-title' }, 'Earlier conversations'));
    var history = el('div', { className: 'history-box' }, el('p', { className: 'muted' }, 'Loading\u2026'));
    body.appendChild(history);
    loadHistory(conv).then(function (page) {
      if (S.selected !== conv.id) return;
      renderHistory(conv, history, page.interactions.filter(function (i) { return i.id !== conv.id; }), page.nextBefore, false);
    }, function (e) {
      clear(history);
      history.appendChild(el('p', { className: 'muted' }, 'History unavailable: ' + e.message));
    });
  }

  // The customer's earlier conversations, newest first: eight at a glance, then all of them, page by page back to
  // the very first.
  function renderHistory(conv, box, earlier, nextBefore, expanded) {
    clear(box);
    var count = earlier.length + (nextBefore ? '+' : '');
    box.appendChild(el('p', null, earlier.length ? count + ' earlier conversation' + (earlier.length === 1 && !nextBefore ? '' : 's')
      : 'This is the first conversation with this customer.'));
    if (!earlier.length) return;
    var list = el('ul', { className: 'history' });
    (expanded ? earlier : earlier.slice(0, 8)).forEach(function (i) {
      var t = parseTime(i.createdAt);
      var outcome = i.state === 'closed' ? (OUTCOMES[i.outcome] || 'Closed') + (i.wrapUpCode ? ' \u2014 ' + codeName(i.wrapUpCode) : '') : STATES[i.state] || i.state;
      list.appendChild(el('li', null, el('span', { className: 'when' }, (t ? dateTime(t) : '') + ' \u00b7 ' + channelName(i.channelId)), outcome));
    });
    box.appendChild(list);
    if (!expanded && earlier.length > 8) {
      box.appendChild(el('button', { type: 'button', className: 'link', on: { click: function () { renderHistory(conv, box, earlier, nextBefore, true); } } },
        'Show all ' + earlier.length));
    } else if (nextBefore) {
      var more = el('button', { type: 'button', className: 'link' }, 'Show earlier');
      more.addEventListener('click', async function () {
        more.disabled = true;
        try {
          var page = await api('GET', path('contacts', conv.interaction.contactId, 'interactions') + '?limit=50&before=' + encodeURIComponent(nextBefore));
          renderHistory(conv, box, earlier.concat(page.interactions.filter(function (i) { return i.id !== conv.id; })), page.nextBefore, true);
        } catch (e) {
          more.disabled = false;
          setText(more, 'Show earlier (failed: ' + e.message + ')');
        }
      });
      box.appendChild(more);
    }
  }

  function loadHistory(conv) {
    if (!conv.history) {
      conv.history = api('GET', path('contacts', conv.interaction.contactId, 'interactions') + '?limit=50');
      conv.history.catch(function () { conv.history = null; });
    }
    return conv.history;
  }

  function codeName(id) {
    var code = S.codes.filter(function (c) { return c.id === id; })[0];
    return code ? code.name : id;
  }

"""#
}
