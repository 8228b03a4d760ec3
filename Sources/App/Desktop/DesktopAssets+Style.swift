extension DesktopAssets {
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
/* clip: a pile of combining marks (Zalgo text) draws far above and below its line, over other messages. */
.msg-text { margin: 0; white-space: pre-wrap; unicode-bidi: plaintext; overflow: clip; overflow-clip-margin: 4px; }
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
.avatar.tone-0 { background: #d7e1f6; color: #1d44a0; }
.avatar.tone-1 { background: #d9efe0; color: #1d6b35; }
.avatar.tone-2 { background: #f7e3cf; color: #7a4100; }
.avatar.tone-3 { background: #eadcf5; color: #5b2a86; }
.avatar.tone-4 { background: #f8dcdf; color: #8f1d2c; }
.avatar.tone-5 { background: #d8eef2; color: #0f5b69; }
.contact-facts { display: grid; grid-template-columns: auto 1fr; gap: 3px 10px; margin: 0 0 4px; font-size: 13px; }
.contact-facts dt { color: var(--muted); }
.contact-facts dd { margin: 0; overflow-wrap: anywhere; }
.contact-facts dd.yes { color: var(--ok); font-weight: 600; }
.contact-facts dd.sentiment-negative { color: var(--bad); font-weight: 600; }
.contact-facts dd.sentiment-positive { color: var(--ok); font-weight: 600; }
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
.offer.auto { border-left-color: var(--ok); }

/* Emoji picker, above the composer bar */
.composer { position: relative; }
.emoji-picker { position: absolute; bottom: 52px; right: 18px; z-index: 10; padding: 8px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 10px 30px rgba(20, 30, 50, .18); }
.emoji-grid { display: flex; flex-direction: column; gap: 2px; }
.emoji-row { display: flex; gap: 2px; }
button.emoji { width: 36px; height: 36px; padding: 0; border-color: transparent; background: none; font-size: 20px; line-height: 1; }
button.emoji:hover { background: var(--accent-soft); border-color: #c5d3f3; }

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
/* Narrow windows and high zoom (a 1280x720 window at 200 % is 640x360 CSS pixels): one column that scrolls as
   a page -- header, conversations, the conversation with its composer, then the customer -- nothing hidden. */
@media (max-width: 860px) {
  html, body { height: auto; }
  .desk { height: auto; min-height: 100%; }
  .topbar { height: auto; flex-wrap: wrap; gap: 6px 10px; padding: 6px 10px; }
  .agent { max-width: 40vw; }
  .state select { max-width: 55vw; }
  .spacer { display: none; }
  .workspace { display: block; }
  .sidebar { max-height: 45vh; border-right: 0; border-bottom: 1px solid var(--line); }
  .thread-header { flex-wrap: wrap; padding: 8px 12px; }
  .messages { flex: none; min-height: 8em; max-height: 70vh; padding: 10px 12px 6px; }
  .composer { padding: 8px 12px 10px; }
  .composer-bar, .follow-offer, .reply-mode { flex-wrap: wrap; }
  .composer-status { flex-basis: 100%; order: 10; }
  .bubble, .failure, .revisions { max-width: 92%; }
  .post-context { padding: 6px 12px; }
  .contact { border-left: 0; border-top: 1px solid var(--line); }
  .offers { top: auto; bottom: 8px; right: 8px; width: min(274px, calc(100vw - 16px)); }
  .emoji-picker { right: 8px; max-width: calc(100vw - 16px); overflow-x: auto; }
  .responses-dialog { width: auto; }
  .code-list { grid-template-columns: 1fr; }
}
"""#
}
