extension DesktopAssets {
    /// The desktop script, part of `script`: the composer's emoji picker (a grid of common emoji, inserted at the
    /// caret; arrows move, Enter or Space inserts, Escape closes). The source stays ASCII: code points, not glyphs.
    static let scriptEmoji = #"""
  // ---------------------------------------------------------------------------------------------
  // Emoji

  var EMOJI_COLUMNS = 8;
  var EMOJI = [
    [[0x1F600], 'grinning face'], [[0x1F642], 'slightly smiling face'], [[0x1F60A], 'smiling face with smiling eyes'],
    [[0x1F609], 'winking face'], [[0x1F602], 'face with tears of joy'], [[0x1F605], 'grinning face with sweat'],
    [[0x1F60D], 'smiling face with heart-eyes'], [[0x1F60E], 'smiling face with sunglasses'],
    [[0x1F914], 'thinking face'], [[0x1F622], 'crying face'], [[0x1F61E], 'disappointed face'], [[0x1F62E], 'face with open mouth'],
    [[0x1F64F], 'folded hands'], [[0x1F44D], 'thumbs up'], [[0x1F44B], 'waving hand'], [[0x1F44F], 'clapping hands'],
    [[0x1F4AA], 'flexed biceps'], [[0x1F91D], 'handshake'], [[0x2764, 0xFE0F], 'red heart'], [[0x2705], 'check mark button'],
    [[0x2728], 'sparkles'], [[0x1F389], 'party popper'], [[0x2B50], 'star'], [[0x1F525], 'fire'],
    [[0x1F4E6], 'package'], [[0x1F69A], 'delivery truck'], [[0x1F4F1], 'mobile phone'], [[0x1F4BB], 'laptop'],
    [[0x1F4E7], 'e-mail'], [[0x1F4DE], 'telephone receiver'], [[0x23F0], 'alarm clock'], [[0x1F4C5], 'calendar'],
    [[0x1F4B3], 'credit card'], [[0x1F381], 'wrapped gift'], [[0x1F50D], 'magnifying glass'], [[0x1F6E0, 0xFE0F], 'hammer and wrench'],
    [[0x26A0, 0xFE0F], 'warning'], [[0x1F680], 'rocket'], [[0x1F440], 'eyes'], [[0x1F44C], 'OK hand']
  ];
  var E = { selection: null };

  function emojiButtons() { return Array.prototype.slice.call($('emoji-grid').querySelectorAll('button')); }

  function buildEmoji() {
    var grid = $('emoji-grid');
    clear(grid);
    for (var row = 0; row * EMOJI_COLUMNS < EMOJI.length; row++) {
      var line = el('div', { role: 'row', className: 'emoji-row' });
      EMOJI.slice(row * EMOJI_COLUMNS, (row + 1) * EMOJI_COLUMNS).forEach(function (entry, column) {
        var glyph = String.fromCodePoint.apply(null, entry[0]);
        var index = row * EMOJI_COLUMNS + column;
        line.appendChild(el('span', { role: 'gridcell' },
          el('button', { type: 'button', className: 'emoji', 'aria-label': entry[1], title: entry[1], tabindex: index === 0 ? '0' : '-1',
            'data-emoji': glyph, on: { click: function () { insertEmoji(glyph); } } }, glyph)));
      });
      grid.appendChild(line);
    }
  }

  function openEmoji() {
    var conv = S.selected && S.convs.get(S.selected);
    var reply = $('reply');
    if (!conv || reply.disabled) return;
    var picker = $('emoji-picker');
    if (!picker.hidden) { closeEmoji(true); return; }
    E.selection = { start: reply.selectionStart, end: reply.selectionEnd };
    picker.hidden = false;
    $('emoji-open').setAttribute('aria-expanded', 'true');
    var buttons = emojiButtons();
    var current = buttons.filter(function (b) { return b.tabIndex === 0; })[0] || buttons[0];
    current.focus();
  }

  function closeEmoji(focusReply) {
    var picker = $('emoji-picker');
    if (picker.hidden) return;
    picker.hidden = true;
    $('emoji-open').setAttribute('aria-expanded', 'false');
    if (focusReply) {
      var reply = $('reply');
      reply.focus();
      if (E.selection) reply.setSelectionRange(E.selection.start, E.selection.end);
    }
  }

  function insertEmoji(glyph) {
    var conv = S.selected && S.convs.get(S.selected);
    var reply = $('reply');
    closeEmoji(false);
    if (!conv || reply.disabled) return;
    var value = reply.value;
    var start = E.selection ? Math.min(E.selection.start, value.length) : value.length;
    var end = E.selection ? Math.min(Math.max(E.selection.end, start), value.length) : value.length;
    reply.value = value.slice(0, start) + glyph + value.slice(end);
    var caret = start + glyph.length;
    E.selection = null;
    reply.focus();
    reply.setSelectionRange(caret, caret);
    composerInput();
  }

  // Arrow keys move within the grid (one tab stop), Home / End go to the row's ends, Escape closes.
  function emojiKey(event) {
    if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); closeEmoji(true); return; }
    var buttons = emojiButtons();
    var index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    var next = index;
    if (event.key === 'ArrowRight') next = Math.min(buttons.length - 1, index + 1);
    else if (event.key === 'ArrowLeft') next = Math.max(0, index - 1);
    else if (event.key === 'ArrowDown') next = index + EMOJI_COLUMNS < buttons.length ? index + EMOJI_COLUMNS : index;
    else if (event.key === 'ArrowUp') next = index - EMOJI_COLUMNS >= 0 ? index - EMOJI_COLUMNS : index;
    else if (event.key === 'Home') next = index - index % EMOJI_COLUMNS;
    else if (event.key === 'End') next = Math.min(buttons.length - 1, index - index % EMOJI_COLUMNS + EMOJI_COLUMNS - 1);
    else return;
    event.preventDefault();
    buttons[index].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  }

  function bindEmoji() {
    buildEmoji();
    $('emoji-open').addEventListener('click', openEmoji);
    $('emoji-picker').addEventListener('keydown', emojiKey);
    // Leaving the picker (Tab, a click elsewhere) closes it.
    $('emoji-picker').addEventListener('focusout', function (event) {
      var to = event.relatedTarget;
      if (to && ($('emoji-picker').contains(to) || to === $('emoji-open'))) return;
      closeEmoji(false);
    });
  }

"""#
}
