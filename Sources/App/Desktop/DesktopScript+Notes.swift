extension DesktopAssets {
    /// The desktop script, part of `script`: internal notes, on the conversation (in its timeline) and on the
    /// customer (in the contact panel). Never sent to the customer, and marked so.
    static let scriptNotes = #"""
  // ---------------------------------------------------------------------------------------------
  // Internal notes

  var MAX_NOTE = 5000;

  // The composer writes a note instead of a reply while "Internal note" is ticked: the box turns yellow and the
  // button says so, so a note is never sent by mistake.
  function renderNoteMode() {
    var on = $('note-mode').checked;
    $('composer').classList.toggle('noting', on);
    setText($('send'), on ? 'Add note' : 'Send');
    $('reply').setAttribute('placeholder', on ? 'An internal note for colleagues. It is never sent to the customer.'
      : 'Write a reply. Enter sends, Shift+Enter starts a new line.');
    if (on) { $('reply').setAttribute('aria-label', 'Internal note (never sent to the customer)'); return; }
    $('reply').setAttribute('aria-label', 'Reply to the customer');
    renderReplyMode(S.selected && S.convs.get(S.selected));
  }

  // Notes need Parley to answer: they are not queued like replies (a note is not urgent, and the agent should
  // know it was not saved). The text stays in the box when it fails.
  async function submitNote(conv) {
    var reply = $('reply');
    var text = reply.value.trim();
    if (!text) { setComposerStatus('Write the note first.', true); return; }
    if (text.length > MAX_NOTE) { setComposerStatus('A note may have at most ' + MAX_NOTE.toLocaleString() + ' characters.', true); return; }
    $('send').disabled = true;
    try {
      var note = await api('POST', path('interactions', conv.id, 'notes'), { text: text });
      addNotes(conv, [note]);
      reply.value = '';
      conv.draft = '';
      saveDrafts();
      $('note-mode').checked = false;
      renderNoteMode();
      setComposerStatus('Note added. Only colleagues see it.');
      if (S.selected === conv.id) renderMessages(conv, true);
    } catch (e) {
      setComposerStatus(isTransient(e) ? 'The note was not saved: Parley is not reachable. Your text is kept.' : 'The note was not saved: ' + e.message, true);
    } finally {
      $('send').disabled = false;
    }
  }

  function addNotes(conv, notes) {
    conv.notes = conv.notes || [];
    notes.forEach(function (n) {
      if (!conv.notes.some(function (m) { return m.id === n.id; })) conv.notes.push(n);
    });
    conv.notes.sort(function (a, b) { return parseTime(a.createdAt) - parseTime(b.createdAt) || (a.id < b.id ? -1 : 1); });
  }

  // The timeline's entries for notes written up to `until` (ms; null: all that are left), in order.
  function noteEntries(conv, until, shown) {
    var entries = [];
    (conv.notes || []).forEach(function (n) {
      if (shown.has(n.id) || (until !== null && parseTime(n.createdAt) > until)) return;
      shown.add(n.id);
      entries.push({ key: 'n:' + n.id, internal: n, signature: n.authorName });
    });
    return entries;
  }

  function noteNode(n) {
    var t = parseTime(n.createdAt);
    var author = S.me && n.authorId === S.me.id ? 'You' : n.authorName;
    return el('div', { className: 'internal-note', role: 'note', 'aria-label': 'Internal note by ' + author },
      el('div', { className: 'internal-note-head' },
        el('strong', null, 'Internal note'), ' \u00b7 ', el('bdi', null, author),
        t ? el('time', { datetime: n.createdAt, title: dateTime(t) }, ' \u00b7 ' + timeOfDay(t)) : null,
        el('span', { className: 'muted' }, ' \u00b7 not sent to the customer')),
      el('div', { className: 'internal-note-text', dir: 'auto' }, n.text));
  }

  // The customer's notes in the contact panel, with a small form to add one.
  function renderContactNotes(conv, box) {
    clear(box);
    var contactId = conv.interaction.contactId;
    var list = el('ul', { className: 'contact-notes' });
    var input = el('textarea', { id: 'contact-note-text', rows: 2, maxlength: String(MAX_NOTE), 'aria-label': 'A note about this customer',
      placeholder: 'A note about this customer, for colleagues' });
    var status = el('p', { className: 'muted', role: 'status' });
    var add = el('button', { type: 'submit', className: 'secondary' }, 'Add note');
    var form = el('form', { className: 'contact-note-form', novalidate: true }, input, el('div', null, add), status);
    box.appendChild(list);
    box.appendChild(form);
    function show(notes) {
      clear(list);
      if (!notes.length) list.appendChild(el('li', { className: 'muted' }, 'No notes yet.'));
      notes.forEach(function (n) {
        var t = parseTime(n.createdAt);
        list.appendChild(el('li', null, el('div', { className: 'internal-note-text', dir: 'auto' }, n.text),
          el('div', { className: 'muted' }, el('bdi', null, S.me && n.authorId === S.me.id ? 'You' : n.authorName), t ? ' \u00b7 ' + dateTime(t) : '')));
      });
    }
    list.appendChild(el('li', { className: 'muted' }, 'Loading\u2026'));
    api('GET', path('contacts', contactId, 'notes')).then(function (page) { if (S.selected === conv.id) show(page.notes); },
      function (e) { clear(list); list.appendChild(el('li', { className: 'muted' }, 'Notes unavailable: ' + e.message)); });
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) { setText(status, 'Write the note first.'); return; }
      add.disabled = true;
      try {
        await api('POST', path('contacts', contactId, 'notes'), { text: text });
        input.value = '';
        setText(status, 'Note added.');
        var page = await api('GET', path('contacts', contactId, 'notes'));
        if (S.selected === conv.id) show(page.notes);
      } catch (e) {
        setText(status, 'The note was not saved: ' + e.message);
      } finally {
        add.disabled = false;
      }
    });
  }
"""#
}
