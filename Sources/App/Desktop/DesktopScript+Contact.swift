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

  function renderContact() {
    var body = $('contact-body');
    var conv = S.selected && S.convs.get(S.selected);
    clear(body);
    if (!conv) { body.appendChild(el('p', { className: 'muted' }, 'Select a conversation to see who you are talking to.')); return; }
    var contact = contactOf(conv);
    if (!contact) { body.appendChild(el('p', { className: 'muted' }, 'Loading the customer\u2026')); return; }
    var since = parseTime(contact.createdAt);
    body.appendChild(el('div', { className: 'contact-head' },
      el('span', { className: 'avatar', 'aria-hidden': 'true' }, initials(contact.displayName)),
      el('div', null, el('div', { className: 'contact-name', dir: 'auto' }, contact.displayName || 'Customer'),
        since ? el('div', { className: 'contact-since muted' }, 'Known since ' + dateOnly(since)) : null)));
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
    body.appendChild(el('h3', null, 'Notes'));
    var notes = el('div', { className: 'notes-box' });
    body.appendChild(notes);
    renderContactNotes(conv, notes);
    body.appendChild(el('h3', null, 'Earlier conversations'));
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
