extension DesktopAssets {
    /// The desktop script, part of `script`: telling an agent whose tab is in the background that a conversation is
    /// offered — a browser notification and a short tone, when they switched alerts on (the browser asks once).
    static let scriptAlerts = #"""
  // ---------------------------------------------------------------------------------------------
  // Alerts when the tab is in the background

  // A preference of the browser, kept across sessions (drafts and the rest live only as long as the tab).
  function alertsOn() {
    try { return window.localStorage.getItem('parley-alerts') === 'on'; } catch (e) { return false; }
  }

  function renderAlerts() {
    var button = $('alerts-toggle');
    var on = alertsOn();
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    setText(button, on ? 'Alerts on' : 'Alerts off');
    button.title = on ? 'A notification and a tone announce offers while this tab is in the background' : 'Announce offers while this tab is in the background';
  }

  async function toggleAlerts() {
    var on = !alertsOn();
    if (on && window.Notification && Notification.permission === 'default') {
      try { await Notification.requestPermission(); } catch (e) { /* the tone still works */ }
    }
    try { window.localStorage.setItem('parley-alerts', on ? 'on' : 'off'); } catch (e) { /* blocked storage: off */ }
    renderAlerts();
    if (on && window.Notification && Notification.permission === 'denied') {
      setBanner('The browser blocks notifications for Parley: offers are announced by a tone only. Allow notifications in the site settings to see them too.');
    }
  }

  // An offer the agent has not seen: the tab is hidden (another tab or window in front).
  async function alertArrival(offer) {
    if (!alertsOn() || !document.hidden) return;
    var i = offer.interaction;
    var name = i ? customerName(i) : '';
    if (i && !(S.contacts.get(i.contactId) || {}).displayName) {
      // The contact panel's copy may still be on its way: the notification is worth one read to name the customer.
      try { name = (await api('GET', path('contacts', i.contactId))).displayName || name; } catch (e) { /* keep "Customer" */ }
    }
    var title = 'New conversation' + (i ? ' \u2014 ' + channelName(i.channelId) : '');
    var body = (name ? name + ': ' : '') + (offer.words || '');
    if (window.Notification && Notification.permission === 'granted') {
      try {
        var note = new Notification(title, { body: body.slice(0, 140), tag: 'offer-' + offer.id });
        note.onclick = function () { window.focus(); note.close(); };
      } catch (e) { /* some browsers allow notifications only from a service worker */ }
    }
    tone();
  }

  // Two short notes from Web Audio: no sound file to load, nothing outside the page.
  function tone() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      S.audio = S.audio || new Context();
      [0, 0.18].forEach(function (start, index) {
        var oscillator = S.audio.createOscillator();
        var gain = S.audio.createGain();
        oscillator.frequency.value = index ? 880 : 660;
        gain.gain.setValueAtTime(0.12, S.audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.001, S.audio.currentTime + start + 0.16);
        oscillator.connect(gain).connect(S.audio.destination);
        oscillator.start(S.audio.currentTime + start);
        oscillator.stop(S.audio.currentTime + start + 0.17);
      });
      S.tones = (S.tones || 0) + 1;
    } catch (e) { /* audio is a nicety */ }
  }
"""#
}
