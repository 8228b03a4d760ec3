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
          <div id="emoji-picker" class="emoji-picker" role="dialog" aria-label="Insert an emoji" hidden>
            <div id="emoji-grid" class="emoji-grid" role="grid" aria-label="Emoji: arrow keys move, Enter inserts, Escape closes"></div>
          </div>
          <div class="composer-bar">
            <input id="attach-file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-label="Image to attach" hidden>
            <label class="note-toggle" for="note-mode"><input type="checkbox" id="note-mode"> Internal note</label>
            <button id="attach" type="button" class="secondary" title="Attach an image (PNG, JPEG, GIF or WebP, up to 2 MiB)">Attach image</button>
            <button id="responses-open" type="button" class="secondary" aria-haspopup="dialog" aria-keyshortcuts="Alt+S" title="Insert a standard response (Alt+S)">Responses</button>
            <button id="emoji-open" type="button" class="secondary" aria-haspopup="true" aria-expanded="false" aria-controls="emoji-picker" title="Insert an emoji">Emoji</button>
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

  <dialog id="signout-dialog" class="dialog" aria-labelledby="signout-title" aria-describedby="signout-subtitle">
    <form id="signout-form" novalidate>
      <h2 id="signout-title">Sign out?</h2>
      <p id="signout-subtitle"></p>
      <div class="dialog-actions">
        <button id="signout-cancel" type="button" class="secondary">Stay signed in</button>
        <button id="signout-confirm" type="submit" class="primary">Sign out</button>
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
      <dt><kbd>Tab</kbd> to Emoji, <kbd>Enter</kbd></dt><dd>Emoji picker (arrows move, <kbd>Enter</kbd> inserts at the caret)</dd>
      <dt><kbd>?</kbd></dt><dd>Show this list</dd>
      <dt><kbd>Esc</kbd></dt><dd>Close a dialog or the emoji picker</dd>
    </dl>
    <div class="dialog-actions"><button id="shortcuts-close" type="button" class="primary">Close</button></div>
  </dialog>
</div>
</body>
</html>
"""#

    /// The behaviour: API calls, the event stream, rendering. One ES2018 script, kept in files by concern
    /// (`DesktopScript+*.swift`); the parts are joined back into the single script the page loads.
    static let script = [scriptStart, scriptLive, scriptConversations, scriptConversation, scriptTemplates, scriptContact, scriptPrivate, scriptNotes, scriptTransfer, scriptCollision, scriptResponses, scriptAlerts, scriptAutoAnswer, scriptEmoji, scriptOffers, scriptReplying].joined(separator: "\n")
}
