extension DesktopAssets {
    /// The desktop script, part of `script`: transferring a conversation to another agent or a workgroup, with a
    /// note that travels with it (Parley keeps it as an internal note in the conversation).
    static let scriptTransfer = #"""
  // ---------------------------------------------------------------------------------------------
  // Transfer

  var AGENT_STATES = { ready: 'Ready', not_ready: 'Not ready', logged_out: 'Logged out' };

  async function openTransfer() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || $('transfer-open').disabled) return;
    var dialog = $('transfer-dialog');
    dialog.dataset.id = conv.id;
    setText($('transfer-subtitle'), 'Hand the conversation with ' + customerName(conv.interaction) + ' to a colleague or back to a queue.');
    $('transfer-error').hidden = true;
    $('transfer-note').value = '';
    var select = $('transfer-target');
    clear(select);
    select.appendChild(el('option', { value: '' }, 'Loading\u2026'));
    $('transfer-confirm').disabled = true;
    dialog.showModal();
    try {
      var targets = await api('GET', '/api/v1/transfer-targets');
      clear(select);
      select.appendChild(el('option', { value: '' }, 'Choose an agent or a workgroup'));
      var agents = el('optgroup', { label: 'Agents' });
      targets.agents.forEach(function (a) {
        var state = AGENT_STATES[a.state] || a.state;
        // A logged-out agent cannot take it now: shown, not offered.
        agents.appendChild(el('option', { value: 'agent:' + a.id, disabled: a.state === 'logged_out' }, a.displayName + ' \u2014 ' + state));
      });
      var groups = el('optgroup', { label: 'Workgroups (queue)' });
      targets.workgroups.forEach(function (w) { groups.appendChild(el('option', { value: 'workgroup:' + w.id }, w.name)); });
      if (targets.agents.length) select.appendChild(agents);
      if (targets.workgroups.length) select.appendChild(groups);
      $('transfer-confirm').disabled = false;
      select.focus();
    } catch (e) {
      transferError('Could not load the agents and workgroups: ' + e.message);
    }
  }

  function transferError(text) {
    var error = $('transfer-error');
    error.hidden = false;
    error.textContent = text;
  }

  async function confirmTransfer(event) {
    event.preventDefault();
    var dialog = $('transfer-dialog');
    var id = dialog.dataset.id;
    var choice = $('transfer-target').value;
    if (!choice) { transferError('Choose who takes the conversation.'); return; }
    var colon = choice.indexOf(':');
    var body = {};
    body[choice.slice(0, colon)] = choice.slice(colon + 1);
    var note = $('transfer-note').value.trim();
    if (note) body.note = note;
    $('transfer-confirm').disabled = true;
    var label = $('transfer-target').selectedOptions[0];
    // The stream may tell of the transfer before this request answers: either way the banner names the target.
    S.transferTo = { id: id, name: label ? label.textContent.split(' \u2014 ')[0] : 'a colleague' };
    try {
      await api('POST', path('interactions', id, 'transfer'), body);
      dialog.close();
      conversationClosed(id, 'transferred to ' + S.transferTo.name);
    } catch (e) {
      transferError(e.message);
    } finally {
      $('transfer-confirm').disabled = false;
    }
  }

  // interaction.transferred: away from us (by a supervisor, or in another tab) leaves the list; to us arrives as an offer.
  function transferred(data) {
    if (!S.me || data.fromAgentID !== S.me.id || data.toAgentID === S.me.id) return;
    var named = S.transferTo && S.transferTo.id === data.interactionID ? S.transferTo.name : null;
    conversationClosed(data.interactionID, named ? 'transferred to ' + named : 'transferred');
  }
"""#
}
