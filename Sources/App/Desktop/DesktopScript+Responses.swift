extension DesktopAssets {
    /// The desktop script, part of `script`: the standard-response panel. Searches the library for the selected
    /// conversation (filled for its customer, suggestions first) and inserts the chosen text into the reply box at
    /// the cursor, for editing: it never sends.
    static let scriptResponses = #"""
  // ---------------------------------------------------------------------------------------------
  // Standard responses

  var R = { items: [], active: -1, seq: 0, timer: null, selection: null, conv: null };

  function openResponses() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || $('thread').hidden || $('responses-open').disabled) return;
    var reply = $('reply');
    // Where the text goes: the cursor (or selection) in the reply box as the agent left it.
    R.selection = { start: reply.selectionStart, end: reply.selectionEnd };
    R.conv = conv.id;
    $('responses-search').value = '';
    $('responses-category').value = '';
    R.items = [];
    R.active = -1;
    renderResponses();
    $('responses-dialog').showModal();
    $('responses-search').focus();
    loadResponses();
  }

  function scheduleResponses() {
    clearTimeout(R.timer);
    R.timer = setTimeout(loadResponses, 150);
  }

  async function loadResponses() {
    var id = R.conv;
    if (!id) return;
    var seq = ++R.seq;
    var query = [];
    var q = $('responses-search').value.trim();
    var category = $('responses-category').value;
    if (q) query.push('q=' + encodeURIComponent(q));
    if (category) query.push('category=' + encodeURIComponent(category));
    setText($('responses-status'), 'Searching\u2026');
    try {
      var list = await api('GET', path('interactions', id, 'standard-responses') + (query.length ? '?' + query.join('&') : ''));
      if (seq !== R.seq || !$('responses-dialog').open) return;
      R.items = list.responses || [];
      R.active = R.items.length ? 0 : -1;
      renderCategories(list.categories || [], category);
      renderResponses();
    } catch (e) {
      if (seq !== R.seq || e.status === 401) return;
      R.items = [];
      R.active = -1;
      renderResponses();
      setText($('responses-status'), 'Could not load the responses: ' + e.message);
    }
  }

  function renderCategories(categories, chosen) {
    var select = $('responses-category');
    clear(select);
    select.appendChild(el('option', { value: '' }, 'All categories'));
    categories.forEach(function (name) { select.appendChild(el('option', { value: name }, name)); });
    select.value = chosen;
  }

  function renderResponses() {
    var list = $('responses-list');
    clear(list);
    R.items.forEach(function (item, index) {
      var option = el('li', { id: 'response-option-' + index, role: 'option', className: 'response-option',
        'aria-selected': index === R.active ? 'true' : 'false', on: { click: function () { insertResponse(index); },
          mousemove: function () { if (R.active !== index) { R.active = index; markActiveResponse(); } } } },
        el('span', { className: 'response-title' }, el('bdi', null, item.title)),
        item.suggested ? el('span', { className: 'response-badge' }, 'Suggested') : null,
        el('span', { className: 'response-category muted' }, item.category),
        el('span', { className: 'response-preview', dir: 'auto' }, item.text));
      list.appendChild(option);
    });
    markActiveResponse();
    var suggested = R.items.filter(function (i) { return i.suggested; }).length;
    setText($('responses-status'), !R.items.length ? 'No responses match.'
      : R.items.length + (R.items.length === 1 ? ' response' : ' responses') + (suggested ? ', ' + suggested + ' suggested for the customer\'s message' : '')
        + '. Up and Down choose, Enter inserts.');
  }

  function markActiveResponse() {
    var search = $('responses-search');
    Array.prototype.forEach.call($('responses-list').children, function (li, index) {
      li.setAttribute('aria-selected', index === R.active ? 'true' : 'false');
      li.classList.toggle('active', index === R.active);
    });
    if (R.active >= 0) {
      search.setAttribute('aria-activedescendant', 'response-option-' + R.active);
      var node = $('response-option-' + R.active);
      if (node && node.scrollIntoView) node.scrollIntoView({ block: 'nearest' });
    } else {
      search.removeAttribute('aria-activedescendant');
    }
  }

  function responsesKey(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!R.items.length) return;
      var step = event.key === 'ArrowDown' ? 1 : -1;
      R.active = (R.active + step + R.items.length) % R.items.length;
      markActiveResponse();
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      if (R.active >= 0) insertResponse(R.active);
    }
  }

  // Puts the filled text into the reply box where the cursor was, selects nothing, and leaves the cursor after it.
  function insertResponse(index) {
    var item = R.items[index];
    var conv = R.conv && S.convs.get(R.conv);
    $('responses-dialog').close();
    if (!item || !conv || S.selected !== conv.id) return;
    var reply = $('reply');
    var value = reply.value;
    var start = R.selection ? Math.min(R.selection.start, value.length) : value.length;
    var end = R.selection ? Math.min(Math.max(R.selection.end, start), value.length) : value.length;
    reply.value = value.slice(0, start) + item.text + value.slice(end);
    var caret = start + item.text.length;
    reply.focus();
    reply.setSelectionRange(caret, caret);
    conv.draft = reply.value;
    saveDrafts();
    setComposerStatus('Inserted "' + item.title + '": edit it, then send.');
  }

  function responsesClosed() {
    R.seq++;
    clearTimeout(R.timer);
    if (!$('thread').hidden && document.activeElement !== $('reply')) $('reply').focus();
  }
"""#
}
