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
    <button id="alerts-toggle" type="button" class="ghost" aria-pressed="false">Alerts off</button>
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
          <div class="thread-actions">
            <button id="transfer-open" type="button" class="secondary" aria-haspopup="dialog" aria-keyshortcuts="Alt+T">Transfer</button>
            <button id="wrapup-open" type="button" class="secondary" aria-haspopup="dialog" aria-keyshortcuts="Alt+W">Wrap up</button>
          </div>
        </header>
        <aside id="post-context" class="post-context" aria-label="The post these comments are on" hidden></aside>
        <div id="messages" class="messages" role="log" aria-live="polite" aria-labelledby="conversation-title" tabindex="0"></div>
        <form id="composer" class="composer" novalidate>
          <p id="collision" class="collision" role="status" hidden></p>
          <fieldset id="reply-mode" class="reply-mode" hidden>
            <legend class="visually-hidden">Reply</legend>
            <label for="reply-public"><input type="radio" id="reply-public" name="reply-visibility" value="public"> Public reply</label>
            <label for="reply-private"><input type="radio" id="reply-private" name="reply-visibility" value="private"> <span id="reply-private-label">Private reply</span></label>
          </fieldset>
          <p id="reply-window" class="reply-window" role="note" hidden></p>
          <div id="follow-offer" class="follow-offer" hidden>
            <p class="muted">Ask publicly for the follow: <q id="follow-request-text"></q></p>
            <button id="follow-request" type="button" class="secondary">Insert the follow request</button>
          </div>
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
            <label class="note-toggle" for="note-mode"><input type="checkbox" id="note-mode"> Internal note</label>
            <button id="attach" type="button" class="secondary" title="Attach an image (PNG, JPEG, GIF or WebP, up to 2 MiB)">Attach image</button>
            <button id="responses-open" type="button" class="secondary" aria-haspopup="dialog" aria-keyshortcuts="Alt+S" title="Insert a standard response (Alt+S)">Responses</button>
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

  <dialog id="transfer-dialog" class="dialog" aria-labelledby="transfer-title" aria-describedby="transfer-subtitle">
    <form id="transfer-form" novalidate>
      <h2 id="transfer-title">Transfer</h2>
      <p id="transfer-subtitle" class="muted"></p>
      <label class="field" for="transfer-target">To</label>
      <select id="transfer-target" class="field"></select>
      <label class="field" for="transfer-note">Note for whoever takes it (optional, kept as an internal note)</label>
      <textarea id="transfer-note" class="field" rows="3" maxlength="2000"></textarea>
      <p id="transfer-error" class="form-error" role="alert" hidden></p>
      <div class="dialog-actions">
        <button id="transfer-cancel" type="button" class="secondary">Cancel</button>
        <button id="transfer-confirm" type="submit" class="primary">Transfer</button>
      </div>
    </form>
  </dialog>

  <dialog id="responses-dialog" class="dialog responses-dialog" aria-labelledby="responses-title">
    <h2 id="responses-title">Standard responses</h2>
    <div class="responses-filters">
      <input id="responses-search" type="text" aria-label="Search standard responses" aria-controls="responses-list" autocomplete="off" spellcheck="false" placeholder="Search by title, text or keyword">
      <select id="responses-category" aria-label="Category"><option value="">All categories</option></select>
    </div>
    <p id="responses-status" class="responses-status muted" role="status" aria-live="polite"></p>
    <ul id="responses-list" class="responses-list" role="listbox" aria-label="Standard responses"></ul>
    <div class="dialog-actions"><button id="responses-close" type="button" class="secondary">Close</button></div>
  </dialog>

  <dialog id="shortcuts-dialog" class="dialog" aria-labelledby="shortcuts-title">
    <h2 id="shortcuts-title">Keyboard shortcuts</h2>
    <dl class="shortcuts">
      <dt><kbd>Alt</kbd> + <kbd>A</kbd></dt><dd>Accept the oldest offer</dd>
      <dt><kbd>Alt</kbd> + <kbd>&darr;</kbd> / <kbd>&uarr;</kbd></dt><dd>Next / previous conversation</dd>
      <dt><kbd>Alt</kbd> + <kbd>R</kbd></dt><dd>Focus the reply box</dd>
      <dt><kbd>Enter</kbd></dt><dd>Send the reply</dd>
      <dt><kbd>Shift</kbd> + <kbd>Enter</kbd></dt><dd>New line in the reply</dd>
      <dt><kbd>Alt</kbd> + <kbd>T</kbd></dt><dd>Transfer the conversation</dd>
      <dt><kbd>Alt</kbd> + <kbd>S</kbd></dt><dd>Insert a standard response (search, <kbd>&darr;</kbd> / <kbd>&uarr;</kbd>, <kbd>Enter</kbd>)</dd>
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
.conv-row .conv-channel { flex: 1; min-width: 0; }
.conv-window { flex: none; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.conv-window.closing { color: var(--warn); font-weight: 600; }
.conv-window.closed { color: var(--bad); font-weight: 600; }
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
.reply-mode { display: flex; gap: 16px; margin: 0 0 6px; padding: 0; border: 0; font-size: 13px; }
.reply-mode label { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; }
.follow-offer { display: flex; align-items: center; gap: 10px; margin: 0 0 8px; font-size: 13px; }
.follow-offer p { margin: 0; flex: 1; }
.collision { margin: 0 0 6px; padding: 4px 8px; font-size: 13px; font-weight: 600; color: #7a4b00; background: #fff1d6; border-radius: 4px; }
.thread-actions { display: flex; gap: 8px; }
#transfer-form .field { display: block; width: 100%; margin-top: 10px; font: inherit; }
#transfer-form select.field, #transfer-form textarea.field { padding: 6px 8px; }
.note-toggle { display: inline-flex; align-items: center; gap: 5px; font-size: 13px; cursor: pointer; }
.composer.noting textarea { background: #fff8d6; border-color: #b38600; }
.internal-note { align-self: stretch; margin: 4px 24px; padding: 8px 12px; background: #fff8d6; border: 1px dashed #b38600;
  border-radius: 6px; font-size: 13px; color: #3d3000; }
.internal-note-head { margin-bottom: 3px; }
.internal-note-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.contact-notes { list-style: none; margin: 0 0 8px; padding: 0; font-size: 13px; }
.contact-notes li { padding: 6px 8px; margin-bottom: 6px; background: #fff8d6; border-radius: 4px; }
.contact-notes li.muted { background: none; padding: 0; }
.contact-note-form textarea { width: 100%; font: inherit; font-size: 13px; padding: 6px 8px; resize: vertical; }
.contact-note-form div { margin-top: 4px; }
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
.responses-dialog { width: 640px; }
.responses-filters { display: flex; gap: 8px; margin-top: 10px; }
.responses-filters input, .responses-filters select { padding: 7px 10px; border: 1px solid #c4c9d2; border-radius: 7px; background: #fff; }
.responses-filters input { flex: 1; min-width: 0; }
.responses-status { margin: 8px 0 4px; font-size: 13px; }
.responses-list { list-style: none; margin: 0; padding: 0; max-height: 50vh; overflow-y: auto; border: 1px solid var(--line); border-radius: 10px; }
.response-option { display: grid; grid-template-columns: 1fr auto auto; gap: 2px 8px; padding: 8px 12px; border-bottom: 1px solid var(--line); cursor: pointer; }
.response-option:last-child { border-bottom: none; }
.response-option.active { background: #e8eefc; outline: 2px solid var(--accent); outline-offset: -2px; }
.response-title { font-weight: 600; overflow-wrap: anywhere; }
.response-badge { font-size: 12px; padding: 0 6px; border-radius: 8px; background: #e3f4e8; color: #1d6b35; }
.response-category { font-size: 12px; }
.response-preview { grid-column: 1 / -1; font-size: 13px; color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
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

    /// The behaviour: API calls, the event stream, rendering. One ES2018 script, kept in files by concern
    /// (`DesktopScript+*.swift`); the parts are joined back into the single script the page loads.
    static let script = [scriptStart, scriptLive, scriptConversations, scriptConversation, scriptContact, scriptPrivate, scriptNotes, scriptTransfer, scriptCollision, scriptResponses, scriptAlerts, scriptReplying].joined(separator: "\n")
}
