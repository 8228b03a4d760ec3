extension DesktopAssets {
    /// The desktop script, part of `script`: WhatsApp's approved templates for the selected conversation once its
    /// 24-hour window has closed: the choice, the numbered parameters, the preview and the send.
    static let scriptTemplates = #"""
  // WhatsApp after its 24-hour window: only the channel's approved templates go out. The agent picks one and
  // fills its numbered parameters; the preview is what the customer will read.
  async function loadTemplates(conv) {
    if (conv.templates || conv.templatesLoading) return;
    conv.templatesLoading = true;
    try {
      conv.templates = (await api('GET', path('interactions', conv.id, 'templates'))).templates;
    } catch (e) {
      conv.templates = [];
    } finally {
      conv.templatesLoading = false;
    }
    if (S.selected === conv.id) renderTemplates(conv);
  }

  function renderTemplates(conv) {
    var panel = $('template-panel');
    var w = conv && conv.window;
    var show = Boolean(w && w.requires === 'template' && (conv.interaction.state === 'active' || conv.interaction.state === 'waiting_for_customer'));
    panel.hidden = !show;
    if (!show) return;
    if (!conv.templates) { loadTemplates(conv); return; }
    var select = $('template-select');
    select.textContent = '';
    conv.templates.forEach(function (t, index) { select.appendChild(el('option', { value: String(index) }, t.name + ' (' + t.language + ')')); });
    var none = !conv.templates.length;
    select.disabled = none;
    $('template-send').disabled = none;
    if (none) {
      $('template-params').textContent = '';
      setText($('template-preview'), 'This channel lists no approved templates (channels[].templates in parley.yml).');
      return;
    }
    select.value = String(Math.min(conv.templateIndex || 0, conv.templates.length - 1));
    renderTemplateParameters(conv);
  }

  function chosenTemplate(conv) { return conv.templates[Number($('template-select').value) || 0]; }

  function renderTemplateParameters(conv) {
    conv.templateIndex = Number($('template-select').value) || 0;
    var t = chosenTemplate(conv);
    var box = $('template-params');
    box.textContent = '';
    for (var n = 1; n <= t.parameterCount; n++) {
      box.appendChild(el('label', null, '{{' + n + '}}',
        el('input', { type: 'text', id: 'template-param-' + n, maxlength: 1024, on: { input: function () { previewTemplate(conv); } } })));
    }
    previewTemplate(conv);
  }

  function templateParameters(t) {
    var values = [];
    for (var n = 1; n <= t.parameterCount; n++) values.push($('template-param-' + n).value);
    return values;
  }

  // The body with each {{n}} replaced in one pass, as Parley renders it.
  function previewTemplate(conv) {
    var t = chosenTemplate(conv);
    var values = templateParameters(t);
    setText($('template-preview'), t.body.replace(/\{\{\s*(\d+)\s*\}\}/g, function (all, n) {
      var value = values[Number(n) - 1];
      return value && value.trim() ? value : '[' + n + ']';
    }));
  }

  function sendTemplate() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || !conv.templates || !conv.templates.length) return;
    var t = chosenTemplate(conv);
    var values = templateParameters(t);
    var missing = values.findIndex(function (v) { return !v.trim(); });
    if (missing >= 0) { setComposerStatus('Fill in {{' + (missing + 1) + '}} first.', true); $('template-param-' + (missing + 1)).focus(); return; }
    conv.outbox.push({ key: uuid(), text: $('template-preview').textContent, template: { name: t.name, language: t.language, parameters: values },
      createdAt: new Date(now()).toISOString(), error: null, sending: false });
    values.forEach(function (v, i) { $('template-param-' + (i + 1)).value = ''; });
    previewTemplate(conv);
    saveOutbox();
    setComposerStatus(S.live ? '' : 'Queued: it goes out once the connection is back.');
    renderMessages(conv, true);
    renderList();
    flushConversation(conv);
  }

"""#
}
