/// The agent desktop's page, stylesheet and script, served by `DesktopRoutes` at `/`, `/desktop/app.css` and
/// `/desktop/app.js`. Plain HTML, CSS and one ES2018 script: no build step, no external resources.
///
/// The page runs under a Content-Security-Policy without inline script or style, so the HTML has neither and the
/// script changes styles only through the CSSOM. Customer and agent text reaches the page only as text
/// (`textContent`, DOM APIs); `Tests/System/test_desktop_assets.py` checks that, and
/// `Tests/System/desktop/desktop_flow.py` drives the page in Chromium against a running `parley`.
enum DesktopAssets {
    /// The page: sign-in, header, conversation list, conversation, contact panel, offer toasts, dialogs.
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Parley</title>
<link rel="stylesheet" href="/desktop/app.css">
<script src="/desktop/app.js" defer></script>
</head>
<body>
<p id="boot" class="boot" role="status">Loading the agent desktop&hellip;</p>

<div id="signin" class="signin" hidden>
  <form id="signin-form" class="signin-card" novalidate>
    <h1 class="signin-brand">Parley</h1>
    <p class="muted">Sign in to the agent desktop.</p>
    <p id="signin-notice" class="signin-notice" role="status" hidden></p>
    <label for="signin-username">Username</label>
    <input id="signin-username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required>
    <label for="signin-password">Password</label>
    <input id="signin-password" name="password" type="password" autocomplete="current-password" required>
    <p id="signin-error" class="form-error" role="alert" hidden></p>
    <button id="signin-submit" type="submit" class="primary wide">Sign in</button>
  </form>
</div>

<div id="desk" class="desk" hidden>
  <header class="topbar">
    <span class="brand" aria-hidden="true">Parley</span>
    <span class="agent"><span id="agent-initials" class="avatar small" aria-hidden="true"></span><bdi id="agent-name"></bdi></span>
    <div class="state" role="group" aria-label="Your availability">
      <span id="state-dot" class="state-dot" aria-hidden="true"></span>
      <select id="state-select" aria-label="Your state"></select>
      <span id="state-time" class="state-time" title="Time in this state"></span>
    </div>
    <span class="spacer"></span>
    <span id="connection" class="connection" role="status" aria-live="polite"><span class="connection-dot" aria-hidden="true"></span><span id="connection-text">Connecting&hellip;</span></span>
    <button id="shortcuts-open" type="button" class="ghost" aria-haspopup="dialog" aria-keyshortcuts="Shift+?">Shortcuts</button>
    <button id="signout" type="button" class="ghost">Sign out</button>
  </header>

  <div id="banner" class="banner" role="status" aria-live="polite" hidden></div>

  <div id="workspace" class="workspace">
    <nav class="sidebar" aria-labelledby="list-title">
      <h2 id="list-title" class="pane-title">Conversations <span id="list-count" class="count"></span></h2>
      <ul id="conversation-list" class="conversation-list"></ul>
      <p id="list-empty" class="list-empty muted">No conversations yet.</p>
    </nav>

    <section id="conversation" class="conversation" aria-label="Conversation">
      <div id="conversation-empty" class="conversation-empty">
        <h2 id="conversation-empty-title">No conversation selected</h2>
        <p id="conversation-empty-hint" class="muted"></p>
      </div>
      <div id="thread" class="thread" hidden>
        <header class="thread-header">
          <div class="thread-heading">
            <h2 id="conversation-title" class="thread-title"></h2>
            <p id="conversation-meta" class="thread-meta muted"></p>
          </div>
          <button id="wrapup-open" type="button" class="secondary" aria-haspopup="dialog" aria-keyshortcuts="Alt+W">Wrap up</button>
        </header>
        <aside id="post-context" class="post-context" aria-label="The post these comments are on" hidden></aside>
        <div id="messages" class="messages" role="log" aria-live="polite" aria-labelledby="conversation-title" tabindex="0"></div>
        <form id="composer" class="composer" novalidate>
          <p id="reply-window" class="reply-window" role="note" hidden></p>
          <fieldset id="template-panel" class="template-panel" hidden>
            <legend>Send an approved WhatsApp template</legend>
            <select id="template-select" aria-label="Template"></select>
            <div id="template-params" class="template-params"></div>
            <p id="template-preview" class="template-preview" aria-live="polite"></p>
            <button id="template-send" type="button" class="primary">Send template</button>
          </fieldset>
          <textarea id="reply" aria-label="Reply to the customer" rows="3" maxlength="20000" placeholder="Write a reply. Enter sends, Shift+Enter starts a new line." aria-keyshortcuts="Alt+R" aria-describedby="composer-status"></textarea>
          <div class="composer-bar">
            <input id="attach-file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-label="Image to attach" hidden>
            <button id="attach" type="button" class="secondary" title="Attach an image (PNG, JPEG, GIF or WebP, up to 2 MiB)">Attach image</button>
            <span id="attachment-chip" class="attachment-chip" hidden></span>
            <span id="composer-status" class="composer-status muted" role="status"></span>
            <button id="send" type="submit" class="primary">Send</button>
          </div>
        </form>
      </div>
    </section>

    <aside id="contact" class="contact" aria-labelledby="contact-title">
      <h2 id="contact-title" class="pane-title">Customer</h2>
      <div id="contact-body" class="contact-body"><p class="muted">Select a conversation to see who you are talking to.</p></div>
    </aside>
  </div>

  <section id="offers" class="offers" aria-label="Conversations offered to you" aria-live="assertive"></section>

  <dialog id="wrapup-dialog" class="dialog" aria-labelledby="wrapup-title" aria-describedby="wrapup-subtitle">
    <form id="wrapup-form" novalidate>
      <h2 id="wrapup-title">Wrap up</h2>
      <p id="wrapup-subtitle" class="muted"></p>
      <fieldset class="codes">
        <legend>Outcome</legend>
        <div id="wrapup-codes" class="code-list"></div>
      </fieldset>
      <p id="wrapup-warning" class="form-warning" hidden></p>
      <p id="wrapup-error" class="form-error" role="alert" hidden></p>
      <div class="dialog-actions">
        <button id="wrapup-cancel" type="button" class="secondary">Cancel</button>
        <button id="wrapup-confirm" type="submit" class="primary">Wrap up</button>
      </div>
    </form>
  </dialog>

  <dialog id="shortcuts-dialog" class="dialog" aria-labelledby="shortcuts-title">
    <h2 id="shortcuts-title">Keyboard shortcuts</h2>
    <dl class="shortcuts">
      <dt><kbd>Alt</kbd> + <kbd>A</kbd></dt><dd>Accept the oldest offer</dd>
      <dt><kbd>Alt</kbd> + <kbd>&darr;</kbd> / <kbd>&uarr;</kbd></dt><dd>Next / previous conversation</dd>
      <dt><kbd>Alt</kbd> + <kbd>R</kbd></dt><dd>Focus the reply box</dd>
      <dt><kbd>Enter</kbd></dt><dd>Send the reply</dd>
      <dt><kbd>Shift</kbd> + <kbd>Enter</kbd></dt><dd>New line in the reply</dd>
      <dt><kbd>Alt</kbd> + <kbd>W</kbd></dt><dd>Wrap up the conversation</dd>
      <dt><kbd>?</kbd></dt><dd>Show this list</dd>
      <dt><kbd>Esc</kbd></dt><dd>Close a dialog</dd>
    </dl>
    <div class="dialog-actions"><button id="shortcuts-close" type="button" class="primary">Close</button></div>
  </dialog>
</div>
</body>
</html>
"""#

    /// The stylesheet.
    static let css = #"""
:root {
  --bg: #f4f5f7;
  --panel: #ffffff;
  --line: #dfe2e7;
  --text: #1d2330;
  --muted: #5d6675;
  --accent: #2857c5;
  --accent-dark: #1d44a0;
  --accent-soft: #e8eefb;
  --ok: #1d7a46;
  --warn: #8a4b00;
  --bad: #b3261e;
  --bubble-in: #eef0f3;
  --bubble-out: #dfe8fb;
  --focus: #f2a900;
  --radius: 10px;
  color-scheme: light;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
h1, h2, h3 { margin: 0; font-weight: 600; }
button, input, select, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.muted { color: var(--muted); }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
bdi, .iso { unicode-bidi: isolate; }

/* Buttons */
button { cursor: pointer; border-radius: 7px; border: 1px solid var(--line); background: var(--panel); padding: 6px 12px; }
button:hover { border-color: #b9bfc9; }
button:disabled { cursor: default; opacity: .55; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button.primary:hover:not(:disabled) { background: var(--accent-dark); }
button.secondary { background: var(--panel); font-weight: 600; }
button.ghost { background: transparent; border-color: transparent; color: #dfe6f5; }
button.ghost:hover { border-color: #4a5770; }
button.link { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; }
button.wide { width: 100%; padding: 9px 12px; }
.form-error { margin: 8px 0; color: var(--bad); }
.form-warning { margin: 8px 0; color: var(--warn); }

/* Boot and sign-in */
.boot { margin: 20vh auto; text-align: center; color: var(--muted); }
.signin { min-height: 100%; display: flex; align-items: center; justify-content: center; padding: 24px; }
.signin-card { width: 340px; padding: 28px; background: var(--panel); border: 1px solid var(--line); border-radius: 14px;
  box-shadow: 0 8px 30px rgba(20, 30, 50, .08); }
.signin-brand { font-size: 26px; color: var(--accent); letter-spacing: .01em; }
.signin-card p { margin: 4px 0 18px; }
.signin-card label { display: block; margin: 12px 0 4px; font-weight: 600; }
.signin-card input { width: 100%; padding: 8px 10px; border: 1px solid #c4c9d2; border-radius: 7px; background: #fff; }
.signin-card button { margin-top: 18px; }
.signin-notice { padding: 8px 10px; border-radius: 7px; background: #fff6e5; color: #6b4300; }

/* Desk layout */
.desk { height: 100%; display: flex; flex-direction: column; }
.topbar { display: flex; align-items: center; gap: 14px; padding: 0 16px; height: 52px; flex: none;
  background: #1f2a3d; color: #f3f5f9; }
.brand { font-weight: 700; font-size: 17px; letter-spacing: .02em; color: #9fc0ff; }
.agent { display: flex; align-items: center; gap: 8px; font-weight: 600; max-width: 220px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.state { display: flex; align-items: center; gap: 8px; padding: 4px 8px 4px 10px; border-radius: 8px; background: #2b3850; }
.state select { padding: 4px 6px; border-radius: 6px; border: 1px solid #4a5770; background: #1f2a3d; color: #f3f5f9; max-width: 330px; }
.state-dot { width: 10px; height: 10px; border-radius: 50%; background: #8892a3; flex: none; }
.state-dot.ready { background: #35c46b; }
.state-dot.not_ready { background: #f0a020; }
.state-time { font-variant-numeric: tabular-nums; color: #c9d2e3; min-width: 44px; }
.spacer { flex: 1; }
.connection { display: flex; align-items: center; gap: 6px; font-size: 13px; color: #c9d2e3; }
.connection-dot { width: 8px; height: 8px; border-radius: 50%; background: #8892a3; }
.connection.live .connection-dot { background: #35c46b; }
.connection.reconnecting .connection-dot { background: #f0a020; }
.connection.reconnecting { color: #ffd58a; }
.banner { padding: 8px 16px; background: #fff3d6; color: #5c3b00; border-bottom: 1px solid #f0d9a4; flex: none; }
.banner.error { background: #fde7e5; color: #7a1710; border-color: #f3c3be; }
.banner button { margin-left: 10px; padding: 2px 8px; }

.workspace { flex: 1; min-height: 0; display: grid; grid-template-columns: 290px minmax(0, 1fr) 290px; grid-template-rows: minmax(0, 1fr); }
.pane-title { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); padding: 14px 16px 8px; }
.count { color: var(--text); }
.sidebar { position: relative; background: var(--panel); border-right: 1px solid var(--line); overflow-y: auto; }
.contact { position: relative; background: var(--panel); border-left: 1px solid var(--line); overflow-y: auto; }

/* Conversation list */
.conversation-list { list-style: none; margin: 0; padding: 0 8px 8px; }
.conversation-list li { margin: 0 0 4px; }
.conv-item { position: relative; display: block; width: 100%; text-align: start; padding: 9px 10px; border: 1px solid transparent; border-radius: 9px; background: none; }
.conv-item:hover { background: #f4f6fa; border-color: transparent; }
.conv-item[aria-current="true"] { background: var(--accent-soft); border-color: #c5d3f3; }
.conv-row { display: flex; align-items: baseline; gap: 8px; min-width: 0; }
.conv-name { flex: 1; min-width: 0; font-weight: 600; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.conv-wait { flex: none; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.conv-wait.waiting { color: var(--warn); font-weight: 600; }
.conv-wait.long { color: var(--bad); }
.conv-preview { flex: 1; min-width: 0; color: var(--muted); overflow: hidden; white-space: nowrap; text-overflow: ellipsis; unicode-bidi: plaintext; }
.conv-item.unread .conv-preview { color: var(--text); }
.conv-channel { display: block; margin-top: 2px; font-size: 12px; color: var(--muted); overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.badge { flex: none; min-width: 20px; padding: 0 6px; border-radius: 10px; background: var(--accent); color: #fff; font-size: 12px; font-weight: 700; text-align: center; }
.list-empty { padding: 4px 18px; }

/* Conversation */
.conversation { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.conversation-empty { margin: auto; max-width: 380px; text-align: center; padding: 24px; }
.conversation-empty h2 { font-size: 18px; margin-bottom: 6px; }
.thread { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.thread-header { display: flex; align-items: center; gap: 12px; padding: 10px 18px; background: var(--panel); border-bottom: 1px solid var(--line); }
.thread-heading { flex: 1; min-width: 0; }
.thread-title { font-size: 17px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.thread-meta { margin: 0; font-size: 13px; }
.messages { position: relative; flex: 1; overflow-y: auto; list-style: none; margin: 0; padding: 16px 18px 8px; }
.msg { position: relative; display: flex; flex-direction: column; align-items: flex-start; margin: 0 0 10px; }
.msg.out { align-items: flex-end; }
.bubble { max-width: min(72%, 640px); padding: 8px 12px; border-radius: 14px 14px 14px 4px; background: var(--bubble-in);
  overflow-wrap: anywhere; }
.msg.out .bubble { border-radius: 14px 14px 4px 14px; background: var(--bubble-out); }
.msg.failed .bubble, .msg.unsent .bubble { background: #fde7e5; }
.msg.queued .bubble { background: #eef2f8; border: 1px dashed #9eb0d6; }
.msg-text { margin: 0; white-space: pre-wrap; unicode-bidi: plaintext; }
.msg-text.collapsed { max-height: 16em; overflow: hidden; }
.msg-text a { color: var(--accent-dark); }
.link-host { color: var(--muted); font-size: 12px; }
.more { margin-top: 6px; font-size: 13px; }
.msg-meta { margin: 3px 6px 0; font-size: 12px; color: var(--muted); display: flex; gap: 6px; flex-wrap: wrap; align-items: baseline; }
.msg.out .msg-meta { justify-content: flex-end; }
.bidi-note { color: var(--warn); }
.msg-meta .reaction { padding: 0 6px; border: 1px solid var(--line); border-radius: 10px; background: var(--panel); }
.status-failed, .status-unsent { color: var(--bad); font-weight: 600; }
.status-queued, .status-pending, .status-sending { color: var(--warn); }
.failure { max-width: min(72%, 640px); margin: 2px 6px 0; font-size: 12px; color: var(--bad); overflow-wrap: anywhere; text-align: end; }
.msg.removed .msg-text { text-decoration: line-through; color: var(--muted); }
.change-note { font-style: italic; }
.revisions { max-width: min(72%, 640px); margin: 2px 6px 0; font-size: 12px; color: var(--muted); }
.revisions summary { cursor: pointer; }
.revisions ol { margin: 4px 0 0; padding-inline-start: 18px; white-space: pre-wrap; unicode-bidi: plaintext; overflow-wrap: anywhere; }
.msg-actions { display: flex; gap: 8px; margin-top: 4px; }
.msg-actions button { padding: 2px 8px; font-size: 12px; }
.attachments { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.attachments img { display: block; max-width: 260px; max-height: 200px; border-radius: 8px; border: 1px solid var(--line); background: #fff; }
.attachment-file { font-size: 13px; }
.day { text-align: center; font-size: 12px; color: var(--muted); margin: 8px 0 12px; }
.system-note { text-align: center; font-size: 12px; color: var(--muted); margin: 8px 0; }

.composer { flex: none; padding: 10px 18px 14px; background: var(--panel); border-top: 1px solid var(--line); }
.composer textarea { display: block; width: 100%; min-height: 64px; max-height: 200px; resize: vertical; padding: 9px 11px;
  border: 1px solid #c4c9d2; border-radius: 9px; background: #fff; unicode-bidi: plaintext; }
.composer-bar { display: flex; align-items: center; gap: 10px; margin-top: 8px; }
.attachment-chip { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border: 1px solid var(--line); border-radius: 12px; font-size: 13px; }
.composer-status { flex: 1; font-size: 13px; }
.reply-window { margin: 0 0 6px; font-size: 13px; color: var(--muted); }
.reply-window.warn { color: var(--warn); font-weight: 600; }
.reply-window.closed { color: var(--bad); font-weight: 600; }
.post-context { flex: none; padding: 8px 18px; background: var(--panel); border-bottom: 1px solid var(--line); font-size: 13px; }
.post-context .post-text { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; margin: 2px 0 0; }
.post-context .post-threads { margin: 4px 0 0; }
.post-context .post-threads.waiting { color: var(--warn); font-weight: 600; }
.template-panel { margin: 0 0 8px; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; }
.template-panel legend { font-size: 13px; font-weight: 600; padding: 0 4px; }
.template-params { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.template-params label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.template-preview { margin: 4px 0 8px; white-space: pre-wrap; font-size: 14px; }
.composer-status.error { color: var(--bad); }

/* Contact */
.contact-body { padding: 0 16px 16px; }
.contact-head { display: flex; align-items: center; gap: 10px; margin: 4px 0 14px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; flex: none; display: inline-flex; align-items: center; justify-content: center;
  background: #d7e1f6; color: var(--accent-dark); font-weight: 700; font-size: 16px; }
.avatar.small { width: 28px; height: 28px; font-size: 13px; background: #3b4b68; color: #e6ecf8; }
.contact-name { font-size: 16px; font-weight: 600; overflow-wrap: anywhere; }
.contact-since { font-size: 12px; }
.contact h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 16px 0 6px; }
.identities { list-style: none; margin: 0; padding: 0; }
.identities li { padding: 6px 0; border-bottom: 1px solid #eef0f3; overflow-wrap: anywhere; }
.identity-platform { display: block; font-size: 12px; color: var(--muted); }
.history { list-style: none; margin: 0; padding: 0; }
.history li { padding: 6px 0; border-bottom: 1px solid #eef0f3; font-size: 13px; }
.history .when { color: var(--muted); font-size: 12px; display: block; }

/* Offers */
.offers { position: fixed; top: 60px; right: 8px; width: 274px; display: flex; flex-direction: column; gap: 10px; z-index: 20; }
.offer { position: relative; background: var(--panel); border: 1px solid #b9c8ea; border-left: 5px solid var(--accent); border-radius: 12px; padding: 12px 14px;
  box-shadow: 0 10px 30px rgba(20, 30, 50, .18); }
.offer.gone { border-left-color: #8892a3; background: #f6f7f9; }
.offer.gone .offer-actions, .offer.gone .offer-bar, .offer.gone .offer-countdown { display: none; }
.offer-top { display: flex; justify-content: space-between; gap: 8px; font-size: 12px; color: var(--muted); }
.offer-title { font-size: 15px; margin: 4px 0 2px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.offer-words { margin: 0 0 8px; color: #333b48; unicode-bidi: plaintext; overflow-wrap: anywhere;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.offer-bar { height: 4px; border-radius: 2px; background: #e3e7ee; overflow: hidden; }
.offer-bar span { display: block; height: 100%; width: 100%; background: var(--accent); transition: width .9s linear; }
.offer.late .offer-bar span { background: var(--bad); }
.offer-countdown { margin: 4px 0 8px; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.offer-actions { display: flex; gap: 8px; }
.offer-actions button { flex: 1; }
.offer-note { margin: 6px 0 0; font-size: 13px; color: var(--bad); }

/* Dialogs */
.dialog { width: 420px; max-width: calc(100vw - 32px); border: 1px solid var(--line); border-radius: 14px; padding: 20px 22px;
  box-shadow: 0 20px 60px rgba(20, 30, 50, .3); color: var(--text); }
.dialog::backdrop { background: rgba(20, 28, 40, .45); }
.dialog h2 { font-size: 18px; margin-bottom: 4px; }
.dialog p { margin: 4px 0 10px; }
.codes { border: 0; margin: 8px 0 0; padding: 0; }
.codes legend { font-weight: 600; margin-bottom: 6px; padding: 0; }
.code-list { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
.code-list label { display: flex; align-items: center; gap: 8px; padding: 7px 9px; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
.code-list label:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); }
.dialog-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
.shortcuts { display: grid; grid-template-columns: auto 1fr; gap: 8px 16px; margin: 12px 0 0; }
.shortcuts dt { white-space: nowrap; }
.shortcuts dd { margin: 0; }
kbd { display: inline-block; padding: 1px 6px; border: 1px solid #c4c9d2; border-bottom-width: 2px; border-radius: 5px; font: 12px ui-monospace, monospace; background: #f7f8fa; }

@media (max-width: 1100px) {
  .workspace { grid-template-columns: 250px minmax(0, 1fr) 240px; }
}
@media (max-width: 860px) {
  .workspace { grid-template-columns: 220px minmax(0, 1fr); }
  .contact { display: none; }
  .agent { display: none; }
}
"""#

    /// The behaviour: API calls, the event stream, rendering.
    static let script = #"""
// Parley agent desktop. One script, no dependencies. Customer and agent text only ever reaches the page
// through textContent and DOM APIs: nothing here parses strings as HTML.
(function () {
  'use strict';

  var OFFER_SECONDS = 30;
  var LONG_MESSAGE = 2500;
  var MAX_REPLY = 20000;
  var SYSTEM_REASONS = { rona: 'RONA (missed an offer)', disconnected: 'Disconnected (the desktop lost its connection)' };
  var PLATFORMS = { web: 'Web chat', facebook: 'Facebook', messenger: 'Messenger', instagram: 'Instagram', whatsapp: 'WhatsApp',
    x: 'X', line: 'LINE', open: 'Custom channel' };
  var OUTCOMES = { wrapped_up: 'Wrapped up', deflected: 'Deflected', abandoned: 'Abandoned', auto_closed: 'Closed after inactivity' };
  var STATES = { offered: 'Offered', active: 'Active', waiting_for_customer: 'Waiting for the customer', wrap_up: 'Wrap-up', closed: 'Closed',
    queued: 'Queued', 'new': 'New' };

  var S = {
    me: null, csrf: null, agentState: null, reasons: [], codes: [], channelNames: {},
    convs: new Map(), offers: new Map(), contacts: new Map(), selected: null,
    position: null, ws: null, live: false, attempt: 0, reconnectTimer: null, reconnectAt: 0, downSince: 0,
    refreshing: null, refreshAgain: false, refreshFull: false, clockOffset: 0, stopped: true, flushing: new Set(), flushTimer: null
  };

  function $(id) { return document.getElementById(id); }

  // ---------------------------------------------------------------------------------------------
  // DOM building: text goes in as text nodes, attributes through setAttribute.

  function el(tag, props) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'className') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key === 'on') Object.keys(value).forEach(function (type) { node.addEventListener(type, value[type]); });
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    children.forEach(function (child) { append(node, child); });
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  // ---------------------------------------------------------------------------------------------
  // Time

  function now() { return Date.now() + S.clockOffset; }

  // The server's clock from its Date header, so times since offers and states do not depend on this PC's clock.
  function noteServerClock(response) {
    var header = response.headers.get('Date');
    var server = header ? Date.parse(header) : NaN;
    if (isNaN(server)) return;
    var offset = server + 500 - Date.now();
    S.clockOffset = Math.abs(offset) > 2000 ? offset : 0;
  }

  function parseTime(text) { var t = text ? Date.parse(text) : NaN; return isNaN(t) ? null : t; }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m, ss = (s < 10 ? '0' : '') + s;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function ago(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + (Math.floor(s / 60) % 60) + ' min';
    return Math.floor(s / 86400) + ' d';
  }

  function shortAgo(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h';
    return Math.floor(s / 86400) + 'd';
  }

  function timeOfDay(t) { return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function dateTime(t) { return new Date(t).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }); }
  function dateOnly(t) { return new Date(t).toLocaleDateString([], { dateStyle: 'medium' }); }

  // ---------------------------------------------------------------------------------------------
  // Storage: per user and per tab, so a reload keeps drafts, queued replies and the stream position.

  function storageKey(name) { return 'parley.desktop.' + (S.me ? S.me.id : 'anon') + '.' + name; }

  function load(name, fallback) {
    try {
      var text = window.sessionStorage.getItem(storageKey(name));
      return text ? JSON.parse(text) : fallback;
    } catch (e) { return fallback; }
  }

  function save(name, value) {
    try { window.sessionStorage.setItem(storageKey(name), JSON.stringify(value)); } catch (e) { /* storage full or blocked */ }
  }

  function saveDrafts() {
    var drafts = {};
    S.convs.forEach(function (c) { if (c.draft) drafts[c.id] = c.draft; });
    save('drafts', drafts);
  }

  function saveOutbox() {
    var outbox = {};
    S.convs.forEach(function (c) {
      var items = c.outbox.map(function (o) {
        return { key: o.key, text: o.text, attachments: o.attachments || [], createdAt: o.createdAt, error: o.error || null };
      });
      if (items.length) outbox[c.id] = items;
    });
    save('outbox', outbox);
  }

  function saveRead() {
    var read = {};
    S.convs.forEach(function (c) { if (c.lastRead) read[c.id] = c.lastRead; });
    save('read', read);
  }

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // ---------------------------------------------------------------------------------------------
  // The API

  function ApiError(status, code, message, retryAfter) {
    this.status = status; this.code = code; this.message = message; this.retryAfter = retryAfter;
  }

  function isTransient(error) {
    return error instanceof ApiError && (error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500);
  }

  // One JSON request. Writes carry the CSRF token; a 401 outside sign-in ends the session on this page.
  async function api(method, path, body, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.raw) headers['Content-Type'] = options.contentType;
    if (method !== 'GET' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
    if (options.headers) Object.keys(options.headers).forEach(function (k) { headers[k] = options.headers[k]; });
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, options.timeout || 20000) : null;
    var response;
    try {
      response = await fetch(path, {
        method: method, headers: headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error',
        body: options.raw || (body === undefined ? undefined : JSON.stringify(body)), signal: controller ? controller.signal : undefined
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'Parley cannot be reached right now.', 0);
    } finally {
      if (timer) clearTimeout(timer);
    }
    noteServerClock(response);
    var text = '';
    try { text = await response.text(); } catch (e) { throw new ApiError(0, 'network', 'The connection dropped during the answer.', 0); }
    var data = null;
    if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
    if (!response.ok) {
      var detail = (data && data.error) || {};
      var error = new ApiError(response.status, detail.code || 'http_' + response.status,
        detail.message || 'Parley answered ' + response.status + '.', parseInt(response.headers.get('Retry-After') || '0', 10) || 0);
      if (response.status === 401 && !options.signIn) sessionEnded();
      throw error;
    }
    return data;
  }

  function path() {
    return '/api/v1/' + Array.prototype.map.call(arguments, function (part) { return encodeURIComponent(part); }).join('/');
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in and sign-out

  // One main landmark at a time: the sign-in form or the workspace.
  function show(section) {
    $('boot').hidden = section !== 'boot';
    $('signin').hidden = section !== 'signin';
    $('desk').hidden = section !== 'desk';
    if (section === 'signin') { $('signin').setAttribute('role', 'main'); $('workspace').removeAttribute('role'); }
    if (section === 'desk') { $('workspace').setAttribute('role', 'main'); $('signin').removeAttribute('role'); }
  }

  function showSignIn(notice) {
    show('signin');
    document.title = 'Sign in \u00b7 Parley';
    var box = $('signin-notice');
    box.hidden = !notice;
    box.textContent = notice || '';
    $('signin-error').hidden = true;
    $('signin-submit').disabled = false;
    $('signin-password').value = '';
    var name = $('signin-username');
    (name.value ? $('signin-password') : name).focus();
  }

  async function signIn(event) {
    event.preventDefault();
    var username = $('signin-username').value.trim(), password = $('signin-password').value;
    var error = $('signin-error'), button = $('signin-submit');
    if (!username || !password) { error.hidden = false; error.textContent = 'Enter your username and password.'; return; }
    button.disabled = true;
    error.hidden = true;
    try {
      var session = await api('POST', '/api/v1/auth/login', { username: username, password: password }, { signIn: true });
      $('signin-password').value = '';
      startDesk(session);
    } catch (e) {
      error.hidden = false;
      if (e.status === 401) error.textContent = 'That username and password do not match. Check them and try again.';
      else if (e.status === 429) {
        var wait = e.retryAfter || 30;
        error.textContent = 'Too many sign-in attempts. Try again in ' + wait + ' s.';
        setTimeout(function () { button.disabled = false; }, wait * 1000);
        return;
      } else error.textContent = e.message || 'Sign-in failed.';
      button.disabled = false;
      $('signin-password').focus();
      $('signin-password').select();
    }
  }

  async function signOut() {
    $('signout').disabled = true;
    if (S.agentState && S.agentState.state !== 'logged_out') {
      try { await api('PUT', '/api/v1/me/state', { state: 'logged_out' }); } catch (e) { /* still sign out */ }
    }
    try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* the cookie may already be gone */ }
    try {
      Object.keys(window.sessionStorage).forEach(function (k) { if (k.indexOf(storageKey('')) === 0) window.sessionStorage.removeItem(k); });
    } catch (e) { /* ignore */ }
    stopDesk();
    $('signout').disabled = false;
    showSignIn('You are signed out.');
  }

  // A 401 from the API: the session expired or was revoked. Drafts and queued replies stay in this tab's
  // storage and come back after signing in again.
  function sessionEnded() {
    if (S.stopped) return;
    saveDrafts();
    saveOutbox();
    stopDesk();
    showSignIn('Your session has ended. Sign in again to continue; your drafts are kept.');
  }

  function stopDesk() {
    S.stopped = true;
    if (S.ws) { var ws = S.ws; S.ws = null; try { ws.close(1000); } catch (e) { /* closed */ } }
    clearTimeout(S.reconnectTimer);
    S.live = false;
    S.offers.forEach(function (offer) { offer.node.remove(); });
    S.offers.clear();
    S.convs.clear();
    S.contacts.clear();
    S.selected = null;
    S.position = null;
    S.me = null;
    S.csrf = null;
    closeDialogs();
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  async function startDesk(session) {
    S.me = session.user;
    S.csrf = session.csrfToken || null;
    S.stopped = false;
    if (S.me.roles.indexOf('agent') < 0) {
      stopDesk();
      try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* ignore */ }
      showSignIn('The account you signed in with is not an agent. The desktop needs an account with the agent role.');
      return;
    }
    S.position = load('position', null);
    show('desk');
    setText($('agent-name'), S.me.displayName || S.me.username);
    setText($('agent-initials'), initials(S.me.displayName || S.me.username));
    setBanner(null);
    renderState();
    renderList();
    renderSelected();
    var lookups = [
      api('GET', '/api/v1/not-ready-reasons').then(function (d) { S.reasons = d.codes || []; renderState(); }),
      api('GET', '/api/v1/wrap-up-codes').then(function (d) { S.codes = d.codes || []; }),
      api('GET', '/api/v1/channels').then(function (d) {
        (d.channels || []).forEach(function (c) { S.channelNames[c.id] = c.name; });
        renderList();
      }, function () { /* agents may not list channels: the id is shown instead */ })
    ];
    connect();
    refreshAll();
    try { await Promise.all(lookups); } catch (e) { if (!S.stopped) setBanner('Some settings could not be loaded: ' + e.message, true); }
  }

  async function boot() {
    bindStaticHandlers();
    var delay = 1000;
    for (;;) {
      try {
        var session = await api('GET', '/api/v1/me', undefined, { signIn: true });
        startDesk(session);
        return;
      } catch (e) {
        if (e.status === 401) { showSignIn(null); return; }
        show('boot');
        $('boot').textContent = 'Parley cannot be reached (' + e.message + '). Trying again in ' + Math.round(delay / 1000) + ' s\u2026';
        await new Promise(function (resolve) { setTimeout(resolve, delay); });
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Agent state

  function reasonName(id) {
    if (SYSTEM_REASONS[id]) return SYSTEM_REASONS[id];
    var reason = S.reasons.filter(function (r) { return r.id === id; })[0];
    return reason ? reason.name : id;
  }

  function stateLabel(state) {
    if (!state) return '\u2026';
    if (state.state === 'ready') return 'Ready';
    if (state.state === 'logged_out') return 'Logged out';
    return 'Not ready' + (state.reason ? ' \u2014 ' + reasonName(state.reason) : '');
  }

  function stateValue(state) {
    if (!state) return '';
    if (state.state === 'not_ready') return 'not_ready:' + (state.reason || '');
    return state.state;
  }

  function renderState() {
    var select = $('state-select');
    var state = S.agentState;
    var current = stateValue(state);
    var options = [{ value: 'ready', label: 'Ready' }];
    S.reasons.forEach(function (r) {
      if (r.active === false || SYSTEM_REASONS[r.id]) return;
      options.push({ value: 'not_ready:' + r.id, label: 'Not ready \u2014 ' + r.name });
    });
    options.push({ value: 'logged_out', label: 'Logged out' });
    if (state && !options.some(function (o) { return o.value === current; })) {
      options.splice(1, 0, { value: current, label: stateLabel(state), disabled: true });
    }
    if (!state) options.unshift({ value: '', label: 'Loading\u2026', disabled: true });
    var signature = JSON.stringify(options) + '|' + current;
    if (select.dataset.signature !== signature) {
      clear(select);
      options.forEach(function (o) { select.appendChild(el('option', { value: o.value, disabled: o.disabled, text: o.label })); });
      select.value = current;
      select.dataset.signature = signature;
    }
    $('state-dot').className = 'state-dot ' + (state ? state.state : '');
    tickState();
    renderEmptyHint();
  }

  function tickState() {
    var state = S.agentState, since = state ? parseTime(state.since) : null;
    setText($('state-time'), since && since > 0 ? clock((now() - since) / 1000) : '');
  }

  function setAgentState(state) {
    var before = S.agentState;
    S.agentState = state;
    renderState();
    if (state.state === 'not_ready' && state.reason === 'rona' && !(before && before.reason === 'rona')) {
      setBanner('You did not answer an offer in time, so Parley set you Not ready. Choose Ready when you can take conversations.', true, null, 'state');
    } else if (state.state === 'not_ready' && state.reason === 'disconnected' && S.live && !(before && before.reason === 'disconnected')) {
      setBanner('Parley set you Not ready while this desktop was disconnected. Choose Ready to take conversations again.', true, null, 'state');
    } else if (state.state === 'ready' && $('banner').dataset.kind === 'state') setBanner(null);
  }

  async function changeState() {
    var select = $('state-select');
    var value = select.value;
    var body = value === 'ready' ? { state: 'ready' } : value === 'logged_out' ? { state: 'logged_out' }
      : { state: 'not_ready', reason: value.slice('not_ready:'.length) };
    select.disabled = true;
    try {
      setAgentState(await api('PUT', '/api/v1/me/state', body));
    } catch (e) {
      select.value = stateValue(S.agentState);
      if (e.status !== 401) setBanner('Your state was not changed: ' + e.message, true);
    } finally {
      select.disabled = false;
    }
  }

  async function refreshState() {
    try { setAgentState(await api('GET', '/api/v1/me/state')); } catch (e) { /* the next refresh tries again */ }
  }

  // ---------------------------------------------------------------------------------------------
  // Banner and connection indicator

  // One message under the header. `kind` lets a later event clear only its own kind of message.
  function setBanner(text, isError, action, kind) {
    var banner = $('banner');
    clear(banner);
    banner.hidden = !text;
    banner.dataset.kind = text ? kind || '' : '';
    banner.className = 'banner' + (isError ? ' error' : '');
    if (!text) return;
    banner.appendChild(document.createTextNode(text));
    if (action) banner.appendChild(el('button', { type: 'button', on: { click: action.run }, text: action.label }));
    banner.appendChild(el('button', { type: 'button', 'aria-label': 'Dismiss this message', text: 'Dismiss', on: { click: function () { setBanner(null); } } }));
  }

  function renderConnection() {
    var box = $('connection'), text;
    if (S.live) text = 'Live';
    else if (S.ws && !S.downSince) text = 'Connecting\u2026';
    else {
      var wait = Math.max(0, Math.ceil((S.reconnectAt - Date.now()) / 1000));
      text = S.ws || wait === 0 ? 'Reconnecting\u2026' : 'Reconnecting in ' + wait + ' s\u2026';
    }
    box.className = 'connection ' + (S.live ? 'live' : S.downSince ? 'reconnecting' : 'connecting');
    setText($('connection-text'), text);
    var queued = 0;
    S.convs.forEach(function (c) { queued += c.outbox.filter(function (o) { return !o.error; }).length; });
    if (!S.live && S.downSince && Date.now() - S.downSince > 3000 && $('banner').dataset.kind !== 'origin') {
      var message = 'The connection to Parley is lost. The desktop keeps trying; replies you send are queued' +
        (queued ? ' (' + queued + ' waiting)' : '') + ' and go out once it is back.';
      if ($('banner').dataset.kind !== 'offline' || $('banner').firstChild.textContent !== message) {
        setBanner(message, true, { label: 'Retry now', run: function () { reconnectNow(); } }, 'offline');
      }
    } else if (S.live && $('banner').dataset.kind === 'offline') {
      setBanner(null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The event stream

  function setPosition(position) {
    if (typeof position !== 'number' || (S.position !== null && position <= S.position)) return;
    S.position = position;
    save('position', position);
  }

  function connect() {
    if (S.stopped) return;
    clearTimeout(S.reconnectTimer);
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream' +
      (S.position !== null ? '?after=' + encodeURIComponent(S.position) : '');
    var ws;
    try { ws = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    S.ws = ws;
    renderConnection();
    ws.onmessage = function (message) { if (S.ws === ws) handleFrame(message.data); };
    ws.onclose = function (event) {
      if (S.ws !== ws) return;
      S.ws = null;
      S.live = false;
      if (!S.downSince) S.downSince = Date.now();
      var code = event ? event.code : 0;
      if (code === 4401) { sessionEnded(); return; }
      if (code === 4400) { S.position = null; save('position', null); S.attempt = 0; }
      if (code === 4403) {
        S.attempt = 6;
        setBanner('Parley refuses the live stream to this page (its address is not an allowed origin). Open the desktop at Parley\'s own address.', true, null, 'origin');
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (S.stopped) return;
    var delay = Math.min(30000, 1000 * Math.pow(2, S.attempt)) * (0.8 + Math.random() * 0.4);
    S.attempt = Math.min(S.attempt + 1, 6);
    S.reconnectAt = Date.now() + delay;
    renderConnection();
    clearTimeout(S.reconnectTimer);
    S.reconnectTimer = setTimeout(probeAndConnect, delay);
  }

  function reconnectNow() {
    if (S.stopped || S.ws) return;
    clearTimeout(S.reconnectTimer);
    probeAndConnect();
  }

  // Before reopening the stream, ask who we are: a 401 means the session ended (the stream would only be
  // refused without saying why); a network error means Parley is still away.
  async function probeAndConnect() {
    if (S.stopped || S.ws) return;
    S.reconnectAt = 0;
    renderConnection();
    try {
      var session = await api('GET', '/api/v1/me');
      if (session.csrfToken) S.csrf = session.csrfToken;
    } catch (e) {
      if (!S.stopped && e.status !== 401) scheduleReconnect();
      return;
    }
    connect();
  }

  function handleFrame(text) {
    var frame;
    try { frame = JSON.parse(text); } catch (e) { return; }
    if (!frame || typeof frame !== 'object') return;
    if (frame.kind === 'event') {
      handleEvent(frame);
      setPosition(frame.position);
    } else if (frame.kind === 'caught_up') {
      setPosition(frame.position);
      S.live = true;
      S.attempt = 0;
      S.downSince = 0;
      renderConnection();
      refreshAll();
    } else if (frame.kind === 'resync') {
      // Parley could not replay everything we missed: reload from the API and continue from here.
      S.position = null;
      setPosition(frame.position);
      refreshAll(true);
    }
  }

  function handleEvent(frame) {
    var data = frame.data || {};
    var id = data.interactionID;
    var mine = !data.agentID || (S.me && data.agentID === S.me.id);
    switch (frame.type) {
      case 'interaction.offered':
        if (mine && id) offerArrived(id, parseTime(frame.recordedAt));
        break;
      case 'interaction.offer_revoked':
        offerGone(id, 'The customer left or the offer was withdrawn.');
        break;
      case 'interaction.rona':
        offerGone(id, 'Not answered in time.');
        break;
      case 'interaction.rejected':
        offerGone(id, null);
        break;
      case 'interaction.accepted':
        if (mine && id) accepted(id, false);
        else offerGone(id, null);
        break;
      case 'interaction.wrapped_up':
        offerGone(id, null);
        conversationClosed(id, null);
        break;
      case 'interaction.auto_closed':
        offerGone(id, null);
        conversationClosed(id, 'closed after a long silence');
        break;
      case 'message.received':
      case 'message.sent':
      case 'message.failed':
      case 'message.status_changed':
      case 'message.edited':
      case 'message.removed':
      case 'message.hidden':
      case 'message.unhidden':
      case 'message.reacted':
        messageEvent(id, data.messageID);
        break;
      case 'interaction.action_taken':
        messageEvent(id, null);
        break;
      case 'agent.state_changed':
        if (mine) refreshState();
        break;
      default:
        if (window.console) window.console.info('Parley desktop: ignoring event type', frame.type);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading everything (at start, after a reconnect, after a resync)

  // `full` also reloads the messages we have (after a resync, when status changes may have been missed).
  function refreshAll(full) {
    if (S.stopped) return Promise.resolve();
    if (full) S.refreshFull = true;
    if (S.refreshing) { S.refreshAgain = true; return S.refreshing; }
    var reloadAll = S.refreshFull;
    S.refreshFull = false;
    S.refreshing = (async function () {
      try {
        var results = await Promise.all([api('GET', '/api/v1/interactions?limit=200'), api('GET', '/api/v1/me/state')]);
        if (S.stopped) return;
        setAgentState(results[1]);
        var open = new Set();
        results[0].interactions.forEach(function (interaction) {
          if (interaction.assignedAgentId && interaction.assignedAgentId !== S.me.id) return;
          open.add(interaction.id);
          if (interaction.state === 'offered') offerArrived(interaction.id, parseTime(interaction.updatedAt), interaction);
          else { removeOffer(interaction.id); upsertConversation(interaction); }
        });
        Array.from(S.convs.keys()).forEach(function (id) { if (!open.has(id)) conversationClosed(id, 'closed while you were away'); });
        Array.from(S.offers.keys()).forEach(function (id) { if (!open.has(id)) offerGone(id, null); });
        renderList();
        if (!S.selected && S.convs.size) {
          var remembered = load('selected', null);
          select(S.convs.has(remembered) ? remembered : S.convs.keys().next().value, false);
        }
        await Promise.all(Array.from(S.convs.values()).map(function (c) { return loadMessages(c, reloadAll); }));
        flushOutbox();
      } catch (e) {
        if (!S.stopped && e.status !== 401 && S.live) setBanner('Your conversations could not be loaded: ' + e.message, true, null, 'load');
      }
    })().finally(function () {
      S.refreshing = null;
      if (S.refreshAgain) { S.refreshAgain = false; refreshAll(); }
    });
    return S.refreshing;
  }

  // ---------------------------------------------------------------------------------------------
  // Conversations

  function upsertConversation(interaction) {
    var conv = S.convs.get(interaction.id);
    if (!conv) {
      var drafts = load('drafts', {}), outbox = load('outbox', {}), read = load('read', {});
      conv = {
        id: interaction.id, interaction: interaction, messages: [], byId: new Map(), lastId: null,
        draft: drafts[interaction.id] || '', outbox: (outbox[interaction.id] || []).map(function (o) {
          return { key: o.key, text: o.text, attachments: o.attachments || [], createdAt: o.createdAt, error: o.error, sending: false };
        }),
        lastRead: read[interaction.id] || null, loaded: false, loading: null, loadAgain: null, history: null, nodes: new Map()
      };
      S.convs.set(interaction.id, conv);
      loadContact(interaction.contactId);
    } else {
      conv.interaction = interaction;
    }
    return conv;
  }

  function contactOf(conv) { return S.contacts.get(conv.interaction.contactId) || null; }

  function customerName(interaction) {
    var contact = S.contacts.get(interaction.contactId);
    return contact && contact.displayName ? contact.displayName : 'Customer';
  }

  function channelName(id) { return S.channelNames[id] || id; }

  function loadContact(id) {
    if (!id || S.contacts.has(id)) return;
    S.contacts.set(id, null);
    api('GET', path('contacts', id)).then(function (contact) {
      S.contacts.set(id, contact);
      renderList();
      renderSelectedHeader();
      renderContact();
      S.offers.forEach(function (offer) { if (offer.interaction && offer.interaction.contactId === id) renderOffer(offer); });
    }, function () { S.contacts.delete(id); });
  }

  // New messages of one conversation, or all of them again (`full`) when a known message changed status.
  function loadMessages(conv, full) {
    if (conv.loading) {
      conv.loadAgain = conv.loadAgain === 'full' || full ? 'full' : 'new';
      return conv.loading;
    }
    conv.loading = (async function () {
      var after = full ? null : conv.lastId;
      for (var page = 0; page < 100; page++) {
        var query = '?limit=200' + (after ? '&after=' + encodeURIComponent(after) : '');
        var detail = await api('GET', path('interactions', conv.id) + query);
        conv.interaction = detail.interaction;
        conv.actions = detail.actions || [];
        detail.messages.forEach(function (m) {
          if (!conv.byId.has(m.id)) conv.messages.push(m);
          else {
            var index = conv.messages.indexOf(conv.byId.get(m.id));
            if (index >= 0) conv.messages[index] = m;
          }
          conv.byId.set(m.id, m);
          conv.lastId = conv.messages.length ? conv.messages[conv.messages.length - 1].id : null;
        });
        if (!detail.nextAfter || !detail.messages.length) break;
        after = detail.nextAfter;
      }
      if (!conv.loaded && !conv.lastRead) {
        // First sight in this tab: what came after our last reply counts as unread.
        for (var i = conv.messages.length - 1; i >= 0; i--) {
          if (conv.messages[i].direction === 'outbound') { conv.lastRead = conv.messages[i].id; break; }
        }
      }
      conv.loaded = true;
      if (S.selected === conv.id && !document.hidden) markRead(conv);
      if (!S.convs.has(conv.id)) return;
      renderList();
      if (S.selected === conv.id) { renderMessages(conv, false); renderSelectedHeader(); }
    })().catch(function (e) {
      if (e.status === 404) conversationClosed(conv.id, null);
    }).finally(function () {
      conv.loading = null;
      var again = conv.loadAgain;
      conv.loadAgain = null;
      if (again && S.convs.has(conv.id)) loadMessages(conv, again === 'full');
    });
    return conv.loading;
  }

  function messageEvent(id, messageID) {
    var conv = id && S.convs.get(id);
    if (!conv) { if (id && !S.offers.has(id)) refreshAll(); return; }
    loadMessages(conv, Boolean(messageID && conv.byId.has(messageID)));
  }

  function unreadCount(conv) {
    var count = 0;
    for (var i = conv.messages.length - 1; i >= 0; i--) {
      var m = conv.messages[i];
      if (m.id === conv.lastRead) break;
      if (m.direction === 'inbound') count++;
    }
    return count;
  }

  function markRead(conv) {
    if (!conv.messages.length) return;
    var last = conv.messages[conv.messages.length - 1].id;
    if (conv.lastRead === last) return;
    conv.lastRead = last;
    saveRead();
    renderList();
  }

  function conversationClosed(id, why) {
    var conv = S.convs.get(id);
    if (!conv) return;
    var name = customerName(conv.interaction);
    var unsent = conv.outbox.length;
    S.convs.delete(id);
    saveDrafts();
    saveOutbox();
    saveRead();
    if (S.selected === id) {
      S.selected = null;
      var next = S.convs.keys().next();
      if (!next.done) select(next.value, false); else renderSelected();
    }
    renderList();
    if (why || unsent) {
      setBanner('The conversation with ' + name + ' was ' + (why || 'closed') + '.' +
        (unsent ? ' ' + unsent + ' unsent ' + (unsent === 1 ? 'reply was' : 'replies were') + ' dropped.' : ''), Boolean(unsent));
    }
  }

  function select(id, focusComposer) {
    var previous = S.selected && S.convs.get(S.selected);
    if (previous) previous.draft = $('reply').value;
    saveDrafts();
    S.selected = id;
    save('selected', id);
    var conv = S.convs.get(id);
    if (conv) {
      clear($('messages'));
      conv.nodes = new Map();
      if (!document.hidden) markRead(conv);
    }
    renderList();
    renderSelected();
    if (conv) loadReplyWindow(conv);
    renderPostContext(conv);
    if (conv && focusComposer) $('reply').focus();
  }

  function selectRelative(step) {
    var ids = Array.from(S.convs.keys());
    if (!ids.length) return;
    var index = ids.indexOf(S.selected);
    var next = ids[(index + step + ids.length) % ids.length];
    select(next, false);
    var button = document.querySelector('.conv-item[data-id="' + cssEscape(next) + '"]');
    if (button) button.focus();
  }

  function cssEscape(value) { return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^a-zA-Z0-9_-]/g, ''); }

  // ---------------------------------------------------------------------------------------------
  // Rendering: the list

  function lastMessage(conv) {
    if (conv.outbox.length) return { direction: 'outbound', text: conv.outbox[conv.outbox.length - 1].text, attachments: [] };
    return conv.messages[conv.messages.length - 1] || null;
  }

  function preview(message) {
    if (!message) return '';
    var text = (message.text || '').replace(/\s+/g, ' ').trim();
    if (!text && message.attachments && message.attachments.length) text = message.attachments.length === 1 ? '[image]' : '[' + message.attachments.length + ' images]';
    return (message.direction === 'outbound' ? 'You: ' : '') + text.slice(0, 140);
  }

  // Seconds the customer has been waiting for us, or null when the last word was ours.
  function waitingSince(conv) {
    var last = conv.messages[conv.messages.length - 1];
    if (conv.outbox.length || (last && last.direction === 'outbound')) return null;
    if (last) return parseTime(last.sentAt);
    return parseTime(conv.interaction.lastCustomerMessageAt);
  }

  function renderList() {
    var list = $('conversation-list');
    var ids = Array.from(S.convs.keys());
    $('list-empty').hidden = ids.length > 0;
    setText($('list-count'), ids.length ? '(' + ids.length + ')' : '');
    var existing = new Map();
    Array.prototype.forEach.call(list.children, function (li) { existing.set(li.dataset.id, li); });
    ids.forEach(function (id, index) {
      var li = existing.get(id);
      if (!li) li = buildListItem(id);
      existing.delete(id);
      if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
      updateListItem(li, S.convs.get(id));
    });
    existing.forEach(function (li) { li.remove(); });
    renderTitle();
  }

  function buildListItem(id) {
    var button = el('button', { type: 'button', className: 'conv-item', 'data-id': id, on: { click: function () { select(id, true); } } },
      el('span', { className: 'conv-row' }, el('bdi', { className: 'conv-name' }), el('span', { className: 'conv-wait' })),
      el('span', { className: 'conv-row' }, el('span', { className: 'conv-preview', dir: 'auto' }), el('span', { className: 'badge', 'aria-hidden': 'true' })),
      el('span', { className: 'conv-channel' }),
      el('span', { className: 'visually-hidden conv-unread-label' }));
    return el('li', { 'data-id': id }, button);
  }

  function updateListItem(li, conv) {
    var button = li.firstChild;
    var unread = unreadCount(conv);
    var waiting = waitingSince(conv);
    button.setAttribute('aria-current', S.selected === conv.id ? 'true' : 'false');
    button.classList.toggle('unread', unread > 0);
    setText(button.querySelector('.conv-name'), customerName(conv.interaction));
    setText(button.querySelector('.conv-preview'), preview(lastMessage(conv)));
    var badge = button.querySelector('.badge');
    badge.hidden = unread === 0;
    setText(badge, String(unread));
    setText(button.querySelector('.conv-unread-label'), unread ? ', ' + unread + ' unread' : '');
    var wait = button.querySelector('.conv-wait');
    var waited = waiting ? now() - waiting : 0;
    wait.className = 'conv-wait' + (waiting ? ' waiting' : '') + (waited > 300000 ? ' long' : '');
    setText(wait, waiting ? shortAgo(waited) : conv.interaction.state === 'waiting_for_customer' ? 'replied' : '');
    wait.title = waiting ? 'The customer has waited ' + ago(waited) + ' for a reply' : '';
    var channel = channelName(conv.interaction.channelId) + (conv.interaction.visibility === 'public' ? ' \u00b7 public' : '');
    setText(button.querySelector('.conv-channel'), channel);
  }

  function renderTitle() {
    var unread = 0;
    S.convs.forEach(function (c) { unread += unreadCount(c); });
    var offers = Array.from(S.offers.values()).filter(function (o) { return o.node.isConnected && !o.gone; }).length;
    document.title = (offers ? '(' + offers + ' new) ' : '') + (unread ? '[' + unread + '] ' : '') + 'Parley';
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering: the selected conversation

  function renderEmptyHint() {
    var hint = S.agentState && S.agentState.state === 'ready' ? 'You are Ready: new conversations appear as offers at the top right.'
      : 'Choose Ready in the header to receive conversations.';
    setText($('conversation-empty-hint'), hint);
  }

  function renderSelected() {
    var conv = S.selected && S.convs.get(S.selected);
    $('conversation-empty').hidden = Boolean(conv);
    $('thread').hidden = !conv;
    setText($('conversation-empty-title'), S.convs.size ? 'No conversation selected' : 'No conversations');
    renderEmptyHint();
    renderContact();
    if (!conv) return;
    renderSelectedHeader();
    var reply = $('reply');
    reply.value = conv.draft || '';
    setComposerStatus('');
    renderMessages(conv, true);
  }

  function renderSelectedHeader() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    var i = conv.interaction;
    setText($('conversation-title'), customerName(i));
    $('conversation-title').setAttribute('dir', 'auto');
    var started = parseTime(i.createdAt);
    setText($('conversation-meta'), [channelName(i.channelId), i.visibility === 'public' ? 'public' : 'private', STATES[i.state] || i.state,
      started ? 'started ' + dateTime(started) : ''].filter(Boolean).join(' \u00b7 '));
    var open = i.state === 'active' || i.state === 'waiting_for_customer' || i.state === 'wrap_up';
    $('wrapup-open').disabled = !open;
    var canReply = i.state === 'active' || i.state === 'waiting_for_customer';
    $('reply').disabled = !canReply;
    $('send').disabled = !canReply;
    // Images go where Parley can hand them over: WhatsApp and Messenger (Meta's media API) and web messaging.
    $('attach').hidden = !/^conversation:(whatsapp|facebook|web):/.test(i.threadKey || '');
    $('attach').disabled = !canReply;
    renderAttachment(conv);
    renderReplyWindow(conv);
  }

  // What the platform lets the agent send now and until when ("window closes in 3 h 12 min"), from the rules
  // the outbox enforces. Quiet where no window applies (web messaging, public replies).
  async function loadReplyWindow(conv) {
    if (!conv || conv.windowLoading) return;
    conv.windowLoading = true;
    try {
      conv.window = await api('GET', path('interactions', conv.id, 'reply-window'));
    } catch (e) {
      conv.window = null;
    } finally {
      conv.windowLoading = false;
      conv.windowAt = now();
    }
    if (S.selected === conv.id) renderReplyWindow(conv);
  }

  function renderReplyWindow(conv) {
    var node = $('reply-window');
    var w = conv && conv.window;
    var quiet = !w || (w.canSend && (w.rule === 'own_channel' || w.rule === 'public_reply'));
    node.hidden = quiet;
    if (quiet) return;
    var sentence = w.explanation.charAt(0).toUpperCase() + w.explanation.slice(1);
    setText(node, w.canSend ? sentence + '.' : 'You cannot reply here now: ' + w.explanation + '.');
    node.classList.toggle('warn', w.canSend && w.urgency && w.urgency.level === 'closing');
    node.classList.toggle('closed', !w.canSend);
    if (!w.canSend) { $('reply').disabled = true; $('send').disabled = true; }
    renderTemplates(conv);
  }

  // A comment thread on one of the page's posts: what the post said, fetched once per conversation, so the
  // agent answering one comment of a busy post knows what it is about; and how the post's other threads stand
  // (waiting, held by this agent or others), read again at most every 10 seconds while the thread is shown.
  async function renderPostContext(conv) {
    var node = $('post-context');
    var onPost = conv && /^comment:/.test(conv.interaction.threadKey || '');
    if (!onPost) { node.hidden = true; return; }
    var loads = [];
    if (conv.post === undefined) {
      conv.post = null;
      loads.push(api('GET', path('interactions', conv.id, 'post')).then(function (post) { conv.post = post; }, function () { conv.post = false; }));
    }
    if (!conv.threadsAt || Date.now() - conv.threadsAt > 10000) {
      conv.threadsAt = Date.now();
      loads.push(api('GET', path('interactions', conv.id, 'post', 'threads')).then(function (t) { conv.threads = t; }, function () {}));
    }
    await Promise.all(loads);
    if (S.selected !== conv.id) return;
    node.textContent = '';
    var others = otherThreadsSentence(conv.threads);
    node.hidden = !conv.post && !others;
    if (conv.post) {
      node.appendChild(el('span', { className: 'muted' }, 'On the post' + (conv.post.author ? ' by ' + conv.post.author : '') + ':'));
      node.appendChild(el('p', { className: 'post-text', title: conv.post.text }, conv.post.text || '(no text)'));
    }
    if (others) node.appendChild(el('p', { id: 'post-threads', className: 'post-threads' + (conv.threads.waiting ? ' waiting' : '') }, others));
  }

  // "2 other threads on this post are waiting for an agent (the oldest for 3 min); of the rest, you hold 1."
  function otherThreadsSentence(t) {
    if (!t) return '';
    var held = [];
    if (t.heldByYou) held.push('you hold ' + t.heldByYou);
    if (t.heldByOthers) held.push('other agents hold ' + t.heldByOthers);
    if (!t.waiting) return held.length ? 'Of this post\'s other threads, ' + held.join(' and ') + '.' : '';
    var since = t.oldestWaitingSince ? ' (the oldest for ' + ago(Date.now() - parseTime(t.oldestWaitingSince)) + ')' : '';
    return t.waiting + (t.truncated ? ' or more' : '') + (t.waiting === 1 ? ' other thread on this post is' : ' other threads on this post are') +
      ' waiting for an agent' + since + (held.length ? '; of the rest, ' + held.join(' and ') : '') + '.';
  }

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

  function renderMessages(conv, jump) {
    var list = $('messages');
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    var entries = [];
    var lastDay = null;
    conv.messages.forEach(function (m) {
      var t = parseTime(m.sentAt);
      var day = t ? new Date(t).toDateString() : null;
      if (day && day !== lastDay) { entries.push({ key: 'day:' + day, day: t }); lastDay = day; }
      entries.push({ key: 'm:' + m.id, message: m, signature: [m.deliveryStatus, m.failureReason, m.retryAt, m.text.length,
        m.direction === 'inbound' ? customerName(conv.interaction) : '', m.editedAt, m.removedAt, m.hidden,
        actionsOn(conv, m).map(function (a) { return a.action + ':' + a.status; }).join(',')].join('|') });
    });
    // What Parley (or an agent) did to the customer's post besides answering: "Parley liked this post".
    (conv.actions || []).forEach(function (a) {
      var verb = { retweet: 'retweeted', hide: 'hid', unhide: 'unhid' }[a.action] || 'liked';
      var failed = a.status === 'failed' || a.status === 'denied';
      var who = a.by === 'Parley' ? 'Parley' : a.agentId && S.me && a.agentId === S.me.id ? 'You' : 'An agent';
      entries.push({ key: 'a:' + a.id, note: who + ' ' + verb + (a.action === 'hide' || a.action === 'unhide' ? ' a comment' : ' this post')
        + (failed ? ' (the platform refused it)' : ''), signature: a.status });
    });
    conv.outbox.forEach(function (o) {
      entries.push({ key: 'o:' + o.key, outgoing: o, signature: (o.sending ? 'sending' : o.error ? 'error:' + o.error : 'queued') + '|' + S.live });
    });
    if (!conv.messages.length && !conv.outbox.length) {
      entries.push({ key: 'note:empty', note: conv.loaded ? 'No messages yet.' : 'Loading messages\u2026', signature: String(conv.loaded) });
    }
    var keep = new Set(entries.map(function (e) { return e.key; }));
    conv.nodes.forEach(function (node, key) { if (!keep.has(key)) { node.remove(); conv.nodes.delete(key); } });
    entries.forEach(function (entry, index) {
      var node = conv.nodes.get(entry.key);
      if (node && node.dataset.signature !== (entry.signature || '')) { node.remove(); node = null; }
      if (!node) {
        node = entry.day ? el('div', { className: 'day' }, dateOnly(entry.day))
          : entry.note ? el('div', { className: 'system-note' }, entry.note)
          : entry.message ? messageNode(conv, entry.message) : outgoingNode(conv, entry.outgoing);
        node.dataset.signature = entry.signature || '';
        conv.nodes.set(entry.key, node);
      }
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
    });
    if (jump || nearBottom) list.scrollTop = list.scrollHeight;
  }

  function messageNode(conv, m) {
    var inbound = m.direction === 'inbound';
    var t = parseTime(m.sentAt);
    var failed = m.deliveryStatus === 'failed';
    var author = inbound ? customerName(conv.interaction) : m.sentOutsideParley ? 'Page'
      : m.agentId && S.me && m.agentId === S.me.id ? 'You' : m.agentId ? 'Agent' : 'Parley';
    var meta = el('div', { className: 'msg-meta' },
      el('bdi', null, author),
      t ? el('time', { datetime: m.sentAt, title: dateTime(t) }, timeOfDay(t)) : null,
      m.visibility === 'public' ? el('span', null, 'public') : null,
      m.sentOutsideParley ? el('span', { className: 'change-note', title: 'Written in another tool (such as Meta Business Suite), not in Parley' },
        'Sent outside Parley') : null,
      m.removedAt ? el('span', { className: 'change-note' }, inbound ? 'removed by the customer' : 'removed') : null,
      m.hidden ? el('span', { className: 'change-note', title: 'Hidden on the platform: only its author and their friends see it' }, 'hidden') : null,
      m.reaction ? el('span', { className: 'reaction', title: 'The customer reacted to this message', 'aria-label': 'Customer reaction: ' + m.reaction },
        m.reaction) : null,
      BIDI_CONTROLS.test(m.text) ? el('span', { className: 'bidi-note', title: 'Characters such as U+202E can make text read differently from how it is stored' },
        'contains text-direction controls') : null,
      inbound ? null : statusNode(m));
    return el('div', { className: 'msg ' + (inbound ? 'in' : 'out') + (failed ? ' failed' : '') + (m.removedAt ? ' removed' : ''), 'data-id': m.id },
      el('span', { className: 'visually-hidden' }, author + ' wrote:'),
      bubble(m.text, m.attachments), meta,
      m.editedAt ? revisionsNode(m) : null,
      inbound ? moderationNode(conv, m) : null,
      failed && m.failureReason ? el('div', { className: 'failure' }, m.failureReason) : null);
  }

  // The actions taken on one customer message that did or will take effect (a refused one changed nothing).
  function actionsOn(conv, m) {
    return (conv.actions || []).filter(function (a) {
      return m.platformMessageId && a.target === m.platformMessageId && a.status !== 'failed' && a.status !== 'denied';
    });
  }

  // Like (Facebook only), Hide or Unhide under a customer's public post or comment, showing what is under way.
  function moderationNode(conv, m) {
    var thread = (conv.interaction && conv.interaction.threadKey) || '';
    if (m.visibility !== 'public' || !m.platformMessageId || m.removedAt || !/^(comment|post):/.test(thread)) return null;
    var taken = actionsOn(conv, m);
    var like = taken.filter(function (a) { return a.action === 'like'; })[0];
    var toggles = taken.filter(function (a) { return a.action === 'hide' || a.action === 'unhide'; });
    var last = toggles[toggles.length - 1];
    var hidden = last ? last.action === 'hide' : Boolean(m.hidden);
    var busy = Boolean(last && last.status !== 'sent');
    var likeLabel = !like ? 'Like' : like.status === 'sent' ? 'Liked' : 'Liking\u2026';
    var hideLabel = busy ? (hidden ? 'Hiding\u2026' : 'Unhiding\u2026') : hidden ? 'Unhide' : 'Hide';
    return el('div', { className: 'msg-actions' },
      (m.author || '').indexOf('facebook:') === 0 ? el('button', { type: 'button', text: likeLabel, disabled: Boolean(like),
        'aria-pressed': like ? 'true' : 'false', on: { click: function (event) { moderate(conv, m, 'like', event.currentTarget); } } }) : null,
      el('button', { type: 'button', text: hideLabel, disabled: busy, title: hidden ? 'Show it to everyone again' : 'Only its author and their friends will see it',
        on: { click: function (event) { moderate(conv, m, hidden ? 'unhide' : 'hide', event.currentTarget); } } }));
  }

  async function moderate(conv, m, action, button) {
    button.disabled = true;
    try {
      var taken = await api('POST', path('interactions', conv.id, 'messages', m.id, 'actions'), { action: action });
      conv.actions = (conv.actions || []).filter(function (a) { return a.id !== taken.id; }).concat([taken]);
      if (S.selected === conv.id) renderMessages(conv, false);
      followActions(conv, 0);
    } catch (e) {
      button.disabled = false;
      setBanner(e.message || 'Parley could not ' + action + ' the comment.', true);
    }
  }

  // An action's platform call has no event of its own when it completes: look again a few times until it is sent
  // or refused.
  function followActions(conv, round) {
    setTimeout(function () {
      var open = (conv.actions || []).some(function (a) { return a.status === 'pending' || a.status === 'in_flight'; });
      if (!open || round >= 8 || !S.convs.has(conv.id)) return;
      loadMessages(conv, false).then(function () { followActions(conv, round + 1); });
    }, 1000 * (round + 1));
  }

  // An edited message shows its current text; what it said before is one click (or Enter) away.
  function revisionsNode(m) {
    var earlier = (m.revisions || []).map(function (r) { return el('li', null, el('bdi', null, r.text)); });
    return el('details', { className: 'revisions' },
      el('summary', null, earlier.length ? 'edited \u2014 show what it said before' : 'edited'),
      earlier.length ? el('ol', null, earlier) : null);
  }

  function statusNode(m) {
    var labels = { pending: 'Sending\u2026', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered' };
    var label = labels[m.deliveryStatus] || m.deliveryStatus;
    // Waiting for another attempt: "Queued - X rate limit, sending at 14:32".
    var retry = m.deliveryStatus === 'pending' && m.retryAt ? parseTime(m.retryAt) : null;
    if (retry) label = 'Queued \u2014 ' + (m.retryReason || 'retrying') + ', sending at ' + timeOfDay(retry);
    return el('span', { className: 'status status-' + m.deliveryStatus }, label);
  }

  function outgoingNode(conv, o) {
    var state = o.sending ? 'sending' : o.error ? 'unsent' : 'queued';
    var label = o.sending ? 'Sending\u2026' : o.error ? 'Not sent: ' + o.error
      : S.live ? 'Waiting to send\u2026' : 'Queued \u2014 sends when the connection is back';
    var actions = o.error ? el('div', { className: 'msg-actions' },
      // A template is picked again, not edited as free text (which the window would refuse).
      o.template ? null : el('button', { type: 'button', text: 'Edit', on: { click: function () { editUnsent(conv, o); } } }),
      el('button', { type: 'button', text: 'Discard', on: { click: function () { discardUnsent(conv, o); } } })) : null;
    return el('div', { className: 'msg out ' + state },
      el('span', { className: 'visually-hidden' }, 'You wrote:'),
      bubble(o.text, o.attachments || []),
      el('div', { className: 'msg-meta' }, el('span', null, 'You'), el('span', { className: 'status status-' + state }, label)),
      actions);
  }

  function bubble(text, attachments) {
    var box = el('div', { className: 'bubble' });
    if (text) {
      var p = el('p', { className: 'msg-text', dir: 'auto' });
      appendLinkified(p, text);
      box.appendChild(p);
      if (text.length > LONG_MESSAGE) {
        p.classList.add('collapsed');
        var more = el('button', { type: 'button', className: 'link more', 'aria-expanded': 'false' },
          'Show the whole message (' + text.length.toLocaleString() + ' characters)');
        more.addEventListener('click', function () {
          var open = p.classList.toggle('collapsed') === false;
          more.setAttribute('aria-expanded', String(open));
          more.textContent = open ? 'Show less' : 'Show the whole message (' + text.length.toLocaleString() + ' characters)';
        });
        box.appendChild(more);
      }
    }
    if (attachments && attachments.length) {
      var row = el('div', { className: 'attachments' });
      attachments.forEach(function (a) { row.appendChild(attachmentNode(a)); });
      box.appendChild(row);
    }
    return box;
  }

  // A same-origin path such as /messenger/uploads/... (not //host, not /\host).
  function sameOriginPath(url) { return typeof url === 'string' && /^\/(?![\/\\])/.test(url); }

  function safeLink(raw) {
    try {
      var url = new URL(raw, location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
    } catch (e) { return null; }
  }

  function attachmentNode(a) {
    var name = a.filename || (a.kind === 'image' ? 'image' : 'attachment');
    // Inbound files Parley copies from the platform: say so until the copy is there (or why it is not).
    if (a.state === 'pending') return el('span', { className: 'attachment-file' }, (a.kind || 'file') + ': ' + name + ' (fetching...)');
    if (a.state === 'failed') {
      return el('span', { className: 'attachment-file', title: a.platformUrl || '' }, (a.kind || 'file') + ': ' + name + ' (not stored: ' + (a.reason || 'unknown') + ')');
    }
    if (a.kind === 'image' && sameOriginPath(a.url)) {
      return el('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer', title: name },
        el('img', { src: a.url, alt: 'Image from the customer: ' + name, loading: 'lazy' }));
    }
    var link = a.url ? (sameOriginPath(a.url) ? safeLink(a.url) : safeLink(a.url)) : null;
    if (link) {
      return el('a', { className: 'attachment-file', href: link.href, target: '_blank', rel: 'noopener noreferrer' },
        (a.kind || 'file') + ': ' + name + (link.host !== location.host ? ' (' + link.host + ')' : ''));
    }
    return el('span', { className: 'attachment-file' }, (a.kind || 'file') + ': ' + name);
  }

  var BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u00a0\u2000-\u200f\u2028-\u202f]+/gi;

  // Text with its http(s) URLs as links; everything else stays text. A link whose real host differs
  // from what it appears to say (an internationalised look-alike) shows the real one next to it.
  function appendLinkified(node, text) {
    var last = 0, match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]}]+$/, '');
      var url = safeLink(raw);
      if (!url) continue;
      node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', title: url.href }, raw);
      node.appendChild(link);
      var shown = raw.replace(/^https?:\/\//i, '').split(/[\/?#]/)[0].toLowerCase();
      if (shown !== url.host) node.appendChild(el('span', { className: 'link-host' }, ' [' + url.host + ']'));
      last = match.index + raw.length;
      URL_PATTERN.lastIndex = last;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

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
    body.appendChild(el('h3', null, 'Earlier conversations'));
    var history = el('div', { className: 'history-box' }, el('p', { className: 'muted' }, 'Loading\u2026'));
    body.appendChild(history);
    loadHistory(conv).then(function (page) {
      if (S.selected !== conv.id) return;
      clear(history);
      var earlier = page.interactions.filter(function (i) { return i.id !== conv.id; });
      var count = earlier.length + (page.nextBefore ? '+' : '');
      history.appendChild(el('p', null, earlier.length ? count + ' earlier conversation' + (earlier.length === 1 && !page.nextBefore ? '' : 's') : 'This is the first conversation with this customer.'));
      if (!earlier.length) return;
      var list = el('ul', { className: 'history' });
      earlier.slice(0, 8).forEach(function (i) {
        var t = parseTime(i.createdAt);
        var outcome = i.state === 'closed' ? (OUTCOMES[i.outcome] || 'Closed') + (i.wrapUpCode ? ' \u2014 ' + codeName(i.wrapUpCode) : '') : STATES[i.state] || i.state;
        list.appendChild(el('li', null, el('span', { className: 'when' }, (t ? dateTime(t) : '') + ' \u00b7 ' + channelName(i.channelId)), outcome));
      });
      history.appendChild(list);
    }, function (e) {
      clear(history);
      history.appendChild(el('p', { className: 'muted' }, 'History unavailable: ' + e.message));
    });
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

  // ---------------------------------------------------------------------------------------------
  // Replying

  // An image for the next reply: uploaded to Parley at once (POST /api/v1/uploads), sent with the reply. On
  // WhatsApp and Messenger Parley passes it to Meta's media API; other channels say why they cannot take it.
  async function attachImage() {
    var conv = S.selected && S.convs.get(S.selected);
    var input = $('attach-file');
    var file = input.files && input.files[0];
    input.value = '';
    if (!conv || !file) return;
    if (file.size > 2 * 1024 * 1024) { setComposerStatus('Images may be at most 2 MiB.', true); return; }
    setComposerStatus('Uploading ' + file.name + '\u2026');
    try {
      var uploaded = await api('POST', '/api/v1/uploads', undefined, { raw: file, contentType: file.type || 'application/octet-stream' });
      conv.attachment = { kind: 'image', url: uploaded.url, mimeType: uploaded.mimeType, filename: file.name.slice(0, 200) };
      setComposerStatus('');
    } catch (e) {
      setComposerStatus(e.message, true);
    }
    renderAttachment(conv);
  }

  function renderAttachment(conv) {
    var chip = $('attachment-chip');
    chip.textContent = '';
    var attachment = conv && S.selected === conv.id ? conv.attachment : null;
    chip.hidden = !attachment;
    if (!attachment) return;
    chip.appendChild(el('span', null, attachment.filename || 'image'));
    var remove = el('button', { type: 'button', className: 'link', 'aria-label': 'Remove the attached image' }, '\u00d7');
    remove.addEventListener('click', function () { conv.attachment = null; renderAttachment(conv); });
    chip.appendChild(remove);
  }

  function setComposerStatus(text, isError) {
    var status = $('composer-status');
    setText(status, text);
    status.classList.toggle('error', Boolean(isError));
  }

  function submitReply(event) {
    if (event) event.preventDefault();
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    var reply = $('reply');
    var text = reply.value;
    var attachments = conv.attachment ? [conv.attachment] : [];
    if (!text.trim() && !attachments.length) { setComposerStatus('Write something first.', true); return; }
    if (text.length > MAX_REPLY) { setComposerStatus('A reply may have at most ' + MAX_REPLY.toLocaleString() + ' characters.', true); return; }
    conv.outbox.push({ key: uuid(), text: text, attachments: attachments, createdAt: new Date(now()).toISOString(), error: null, sending: false });
    conv.attachment = null;
    renderAttachment(conv);
    reply.value = '';
    conv.draft = '';
    saveDrafts();
    saveOutbox();
    setComposerStatus(S.live ? '' : 'Queued: it goes out once the connection is back.');
    renderMessages(conv, true);
    renderList();
    flushConversation(conv);
  }

  function flushOutbox() {
    S.convs.forEach(function (conv) { flushConversation(conv); });
  }

  // Sends a conversation's queued replies in order, each with its own Idempotency-Key, reused on every retry,
  // so a reply that reached Parley before the connection broke is stored once.
  async function flushConversation(conv) {
    if (S.flushing.has(conv.id) || S.stopped) return;
    S.flushing.add(conv.id);
    try {
      while (S.convs.get(conv.id) === conv) {
        var item = conv.outbox.filter(function (o) { return !o.error; })[0];
        if (!item) break;
        item.sending = true;
        if (S.selected === conv.id) renderMessages(conv, false);
        try {
          var body = item.template ? { template: item.template } : { text: item.text };
          if (item.attachments && item.attachments.length) body.attachments = item.attachments;
          var message = await api('POST', path('interactions', conv.id, 'messages'), body, { headers: { 'Idempotency-Key': item.key } });
          conv.outbox.splice(conv.outbox.indexOf(item), 1);
          if (!conv.byId.has(message.id)) { conv.messages.push(message); conv.lastId = message.id; }
          else conv.messages[conv.messages.indexOf(conv.byId.get(message.id))] = message;
          conv.byId.set(message.id, message);
          conv.lastRead = message.id;
          saveOutbox();
          saveRead();
          if (S.selected === conv.id) setComposerStatus('');
        } catch (e) {
          item.sending = false;
          if (isTransient(e) || e.status === 401) {
            if (S.selected === conv.id) { renderMessages(conv, false); setComposerStatus('Queued: Parley is not reachable; it is sent when the connection is back.'); }
            clearTimeout(S.flushTimer);
            S.flushTimer = setTimeout(flushOutbox, e.retryAfter ? e.retryAfter * 1000 : S.live ? 5000 : 15000);
            break;
          }
          item.error = e.code === 'wrong_state' ? 'the conversation no longer takes replies.' : e.message;
          if (e.code === 'window_closed' || e.code === 'template_required' || e.code === 'follow_required') loadReplyWindow(conv);
          saveOutbox();
        }
        if (S.selected === conv.id) renderMessages(conv, false);
        renderList();
      }
    } finally {
      S.flushing.delete(conv.id);
      renderConnection();
    }
  }

  function editUnsent(conv, item) {
    var reply = $('reply');
    reply.value = item.text + (reply.value ? '\n' + reply.value : '');
    conv.draft = reply.value;
    discardUnsent(conv, item);
    reply.focus();
  }

  function discardUnsent(conv, item) {
    var index = conv.outbox.indexOf(item);
    if (index >= 0) conv.outbox.splice(index, 1);
    saveOutbox();
    saveDrafts();
    if (S.selected === conv.id) renderMessages(conv, false);
    renderList();
  }

  function composerKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submitReply(null);
    }
  }

  var draftTimer = null;
  function composerInput() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv) return;
    conv.draft = $('reply').value;
    if ($('composer-status').classList.contains('error')) setComposerStatus('');
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDrafts, 400);
  }

  // ---------------------------------------------------------------------------------------------
  // Wrap-up

  function openWrapUp() {
    var conv = S.selected && S.convs.get(S.selected);
    if (!conv || $('wrapup-open').disabled) return;
    var dialog = $('wrapup-dialog');
    dialog.dataset.id = conv.id;
    setText($('wrapup-subtitle'), 'Close the conversation with ' + customerName(conv.interaction) + ' and choose how it ended.');
    var box = $('wrapup-codes');
    clear(box);
    var active = S.codes.filter(function (c) { return c.active !== false; });
    active.forEach(function (code, index) {
      var input = el('input', { type: 'radio', name: 'wrapup-code', value: code.id, id: 'wrapup-code-' + index, required: true });
      box.appendChild(el('label', { for: 'wrapup-code-' + index }, input, el('span', null, code.name)));
    });
    if (!active.length) box.appendChild(el('p', { className: 'muted' }, 'No wrap-up codes are configured.'));
    var unsent = conv.outbox.length;
    var warning = $('wrapup-warning');
    warning.hidden = !unsent && !$('reply').value.trim();
    warning.textContent = unsent ? unsent + (unsent === 1 ? ' reply has' : ' replies have') + ' not been sent yet; wrapping up drops ' + (unsent === 1 ? 'it' : 'them') + '.'
      : 'Your unsent draft is discarded when you wrap up.';
    $('wrapup-error').hidden = true;
    $('wrapup-confirm').disabled = false;
    dialog.showModal();
    var first = box.querySelector('input');
    if (first) first.focus();
  }

  async function confirmWrapUp(event) {
    event.preventDefault();
    var dialog = $('wrapup-dialog');
    var id = dialog.dataset.id;
    var chosen = dialog.querySelector('input[name="wrapup-code"]:checked');
    var error = $('wrapup-error');
    if (!chosen) { error.hidden = false; error.textContent = 'Choose an outcome.'; return; }
    $('wrapup-confirm').disabled = true;
    try {
      await api('POST', path('interactions', id, 'wrap-up'), { code: chosen.value });
      var conv = S.convs.get(id);
      if (conv) { conv.outbox = []; conv.draft = ''; }
      dialog.close();
      conversationClosed(id, null);
      setBanner('Wrapped up: ' + codeName(chosen.value) + '.', false, null, 'done');
      setTimeout(function () { if ($('banner').dataset.kind === 'done') setBanner(null); }, 4000);
    } catch (e) {
      $('wrapup-confirm').disabled = false;
      if (e.status === 401) return;
      error.hidden = false;
      error.textContent = 'Not wrapped up: ' + e.message;
    }
  }

  function closeDialogs() {
    ['wrapup-dialog', 'shortcuts-dialog'].forEach(function (id) { var d = $(id); if (d.open) d.close(); });
  }

  // ---------------------------------------------------------------------------------------------
  // Keyboard, timers, wiring

  function typingTarget(target) {
    return target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
  }

  function globalKey(event) {
    if ($('desk').hidden || event.defaultPrevented) return;
    var anyDialog = $('wrapup-dialog').open || $('shortcuts-dialog').open;
    if (anyDialog) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (key === 'a' || event.code === 'KeyA') {
        var first = Array.from(S.offers.values()).filter(function (o) { return o.node.isConnected && !o.gone && !o.busy; })[0];
        if (first) { event.preventDefault(); acceptOffer(first); }
      } else if (key === 'ArrowDown' || key === 'ArrowUp') {
        event.preventDefault();
        selectRelative(key === 'ArrowDown' ? 1 : -1);
      } else if (key === 'r' || event.code === 'KeyR') {
        if (!$('thread').hidden) { event.preventDefault(); $('reply').focus(); }
      } else if (key === 'w' || event.code === 'KeyW') {
        event.preventDefault();
        openWrapUp();
      }
    } else if (event.key === '?' && !typingTarget(event.target)) {
      event.preventDefault();
      $('shortcuts-dialog').showModal();
    }
  }

  function tick() {
    if (S.stopped) return;
    tickState();
    S.offers.forEach(tickOffer);
    var selected = S.selected && S.convs.get(S.selected);
    if (selected && S.live && now() - (selected.windowAt || 0) > 60000) loadReplyWindow(selected);
    if (!S.live) renderConnection();
    var list = $('conversation-list');
    Array.prototype.forEach.call(list.children, function (li) {
      var conv = S.convs.get(li.dataset.id);
      if (conv) updateListItem(li, conv);
    });
  }

  function bindStaticHandlers() {
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('state-select').addEventListener('change', changeState);
    $('composer').addEventListener('submit', submitReply);
    $('attach').addEventListener('click', function () { $('attach-file').click(); });
    $('attach-file').addEventListener('change', attachImage);
    $('template-select').addEventListener('change', function () { var conv = S.selected && S.convs.get(S.selected); if (conv) renderTemplateParameters(conv); });
    $('template-send').addEventListener('click', sendTemplate);
    $('reply').addEventListener('keydown', composerKey);
    $('reply').addEventListener('input', composerInput);
    $('wrapup-open').addEventListener('click', openWrapUp);
    $('wrapup-form').addEventListener('submit', confirmWrapUp);
    $('wrapup-cancel').addEventListener('click', function () { $('wrapup-dialog').close(); });
    $('shortcuts-open').addEventListener('click', function () { $('shortcuts-dialog').showModal(); });
    $('shortcuts-close').addEventListener('click', function () { $('shortcuts-dialog').close(); });
    document.addEventListener('keydown', globalKey);
    document.addEventListener('visibilitychange', function () {
      var conv = S.selected && S.convs.get(S.selected);
      if (!document.hidden && conv) markRead(conv);
    });
    window.addEventListener('online', reconnectNow);
    window.addEventListener('offline', function () {
      // The socket may take minutes to notice; say so now and let the reconnect loop take over.
      if (S.ws) { var ws = S.ws; try { ws.close(); } catch (e) { /* closing */ } ws.onclose(null); }
    });
    window.addEventListener('beforeunload', function () { if (!S.stopped) { saveDrafts(); saveOutbox(); } });
    setInterval(tick, 1000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
"""#
}
