extension MessengerAssets {
    /// The script's opening: how to embed it, its constants, the widget's stylesheet and its state.
    /// Part of `script`; edit `Tests/System/messenger/parley-messenger.js` and copy it here with
    /// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
    static let scriptStart = #"""
    /*
     * Parley web messenger: the visitor's side of a Parley web-messaging channel.
     *
     *   <script src="https://parley.example.com/messenger/parley-messenger.js" data-channel="web" async></script>
     *
     * data-channel       the channel id (required)
     * data-server        Parley's base URL (default: the origin this script was loaded from)
     * data-title         the panel's heading (default: "Chat with us")
     * data-open          "true": open the panel when the page loads
     * data-visitor-name  a name to show agents for this visitor
     * data-accent        a CSS colour for the launcher, header and the visitor's bubbles
     *
     * Page scripts may call window.ParleyMessenger.open() and .close().
     * Plain ES2018, no dependencies. All text from the server is inserted as text, never as markup.
     */
    (function () {
      'use strict';

      if (window.ParleyMessenger) return;

      const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
      const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
      const REQUEST_TIMEOUT_MS = 20000;
      const UPLOAD_TIMEOUT_MS = 60000;
      const MAX_HISTORY_PAGES = 1000;
      const MAX_RETRY_AFTER_S = 600;
      /// An echo of the visitor's own message is matched to a pending bubble only if the server stamped it no
      /// earlier than this before the bubble was made (tolerates clock skew, ignores old identical texts).
      const ECHO_WINDOW_MS = 10 * 60 * 1000;
      const SVG_NS = 'http://www.w3.org/2000/svg';
      const ICONS = {
        chat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z',
        close: 'M6 6l12 12M18 6L6 18',
        image: 'M4 5h16v14H4zM4 16l4.5-4.5 4 4 2.5-2.5L20 18M15.5 9.5a1 1 0 1 0 0 .01',
        send: 'M4 12l16-8-6 16-2.5-6.5zM11.5 13.5L20 4'
      };
      const STYLESHEET = [
        '.pm-root{all:initial;position:fixed;z-index:2147483000;--pm-accent:#2f5bea;--pm-ink:#1d2330;--pm-muted:#667085;' +
          'font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif,' +
          '"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";font-size:15px;line-height:1.45;color:var(--pm-ink);' +
          '-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;text-size-adjust:100%;' +
          'direction:ltr;unicode-bidi:isolate;text-align:left}',
        '.pm-root *:not(svg):not(path){all:revert;box-sizing:border-box}',
        '.pm-root [hidden]{display:none !important}',
        '.pm-root .pm-icon{display:block;width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;' +
          'stroke-linecap:round;stroke-linejoin:round}',
        '.pm-root .pm-launcher{position:fixed;right:20px;bottom:20px;width:58px;height:58px;margin:0;padding:0;border:0;' +
          'border-radius:50%;background:var(--pm-accent);color:#fff;cursor:pointer;display:flex;align-items:center;' +
          'justify-content:center;box-shadow:0 6px 20px rgba(16,24,40,.28)}',
        '.pm-root .pm-launcher .pm-icon{width:26px;height:26px}',
        '.pm-root .pm-launcher:hover{filter:brightness(1.08)}',
        '.pm-root .pm-badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;' +
          'border:2px solid #fff;border-radius:11px;background:#d92d20;color:#fff;font-size:12px;font-weight:700;' +
          'line-height:18px;text-align:center}',
        '.pm-root .pm-panel{position:fixed;right:20px;bottom:92px;width:380px;height:600px;max-height:calc(100% - 112px);' +
          'display:none;flex-direction:column;overflow:hidden;background:#fff;border-radius:16px;' +
          'box-shadow:0 16px 48px rgba(16,24,40,.24),0 2px 6px rgba(16,24,40,.08)}',
        '.pm-root.pm-open .pm-panel{display:flex}',
        '.pm-root .pm-header{display:flex;align-items:center;gap:10px;padding:14px 10px 14px 18px;' +
          'background:var(--pm-accent);color:#fff}',
        '.pm-root .pm-heading{flex:1;min-width:0}',
        '.pm-root .pm-title{margin:0;font-size:17px;font-weight:650;line-height:1.3;overflow:hidden;' +
          'text-overflow:ellipsis;white-space:nowrap}',
        '.pm-root .pm-status{margin:1px 0 0;font-size:12.5px;opacity:.88;min-height:16px}',
        '.pm-root .pm-icon-button{flex:none;width:40px;height:40px;margin:0;padding:0;border:0;border-radius:50%;' +
          'background:transparent;color:inherit;cursor:pointer;display:flex;align-items:center;justify-content:center}',
        '.pm-root .pm-icon-button:hover{background:rgba(127,127,127,.16)}',
        '.pm-root .pm-icon-button:disabled{opacity:.4;cursor:default;background:transparent}',
        '.pm-root .pm-scroll{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:14px 14px 10px;' +
          'background:#f4f5f8;scrollbar-width:thin;scrollbar-color:#c4c9d4 transparent}',
        '.pm-root .pm-empty{margin:36px 20px;color:var(--pm-muted);font-size:14px;text-align:center}',
        '.pm-root .pm-list{display:flex;flex-direction:column}',
        '.pm-root .pm-row{display:flex;flex-direction:column;align-items:flex-start;margin-top:3px;min-width:0}',
        '.pm-root .pm-row.pm-first{margin-top:12px}',
        '.pm-root .pm-row-in{align-items:flex-end}',
        '.pm-root .pm-author{margin:0 12px 3px;max-width:80%;color:var(--pm-muted);font-size:12px;font-weight:600;' +
          'overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
        '.pm-root .pm-bubble{max-width:80%;min-width:0;padding:8px 12px;border-radius:18px;background:#fff;' +
          'color:var(--pm-ink);white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;' +
          'overflow:clip;overflow-clip-margin:4px;box-shadow:0 1px 2px rgba(16,24,40,.08)}',
        '.pm-root .pm-row-out .pm-bubble{border-bottom-left-radius:6px}',
        '.pm-root .pm-row-in .pm-bubble{background:var(--pm-accent);color:#fff;border-bottom-right-radius:6px}',
        '.pm-root .pm-pending .pm-bubble{opacity:.72}',
        '.pm-root .pm-failed .pm-bubble{opacity:1;background:#fff;color:var(--pm-ink);box-shadow:inset 0 0 0 1.5px #d92d20}',
        '.pm-root .pm-link{color:var(--pm-accent);text-decoration:underline;overflow-wrap:anywhere}',
        '.pm-root .pm-row-in .pm-link{color:inherit}',
        '.pm-root .pm-failed .pm-link{color:var(--pm-accent)}',
        '.pm-root .pm-attachment{display:block;margin:2px -6px;text-decoration:none;color:inherit}',
        '.pm-root .pm-text + .pm-attachment{margin-top:8px}',
        '.pm-root .pm-image{display:block;max-width:100%;max-height:260px;border-radius:12px;background:rgba(127,127,127,.15)}',
        '.pm-root .pm-file{display:inline-block;margin-top:4px;font-style:italic;opacity:.9}',
        '.pm-root .pm-meta{margin:3px 12px 0;color:var(--pm-muted);font-size:11.5px}',
        '.pm-root .pm-error{margin:3px 12px 0;max-width:80%;color:#b42318;font-size:12.5px;text-align:end}',
        '.pm-root .pm-notice{margin:0;padding:8px 14px;background:#fef3f2;color:#b42318;font-size:13px;' +
          'border-top:1px solid #fecdca}',
        '.pm-root .pm-composer{margin:0;padding:10px;border-top:1px solid #e4e7ec;background:#fff}',
        '.pm-root .pm-staged{display:flex;align-items:center;gap:10px;margin:0 4px 8px;padding:6px 6px 6px 8px;' +
          'border:1px solid #e4e7ec;border-radius:12px;background:#f9fafb;font-size:13px}',
        '.pm-root .pm-staged-thumb{width:40px;height:40px;object-fit:cover;border-radius:8px}',
        '.pm-root .pm-staged-name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
        '.pm-root .pm-staged .pm-icon-button{width:32px;height:32px;color:var(--pm-muted)}',
        '.pm-root .pm-staged .pm-icon{width:18px;height:18px}',
        '.pm-root .pm-row-compose{display:flex;align-items:flex-end;gap:6px}',
        '.pm-root .pm-attach{color:var(--pm-muted)}',
        '.pm-root .pm-input{flex:1;min-width:0;height:40px;max-height:140px;margin:0;padding:9px 14px;resize:none;' +
          'overflow-y:auto;border:1px solid #d0d5dd;border-radius:20px;background:#fff;color:var(--pm-ink);' +
          'font:inherit;line-height:20px;white-space:pre-wrap;overflow-wrap:anywhere}',
        '.pm-root .pm-input::placeholder{color:#98a2b3}',
        '.pm-root .pm-input:focus{outline:none;border-color:var(--pm-accent);box-shadow:0 0 0 1px var(--pm-accent)}',
        '.pm-root .pm-send{background:var(--pm-accent);color:#fff}',
        '.pm-root .pm-send:hover{background:var(--pm-accent);filter:brightness(1.08)}',
        '.pm-root .pm-send:disabled{background:var(--pm-accent);filter:none}',
        '.pm-root .pm-send .pm-icon{width:20px;height:20px}',
        '.pm-root .pm-visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;' +
          'clip:rect(0 0 0 0);white-space:nowrap;border:0}',
        '.pm-root :focus{outline:none}',
        '.pm-root :focus-visible{outline:3px solid var(--pm-accent);outline-offset:2px}',
        '.pm-root .pm-header :focus-visible,.pm-root .pm-row-in .pm-link:focus-visible{outline-color:#fff}',
        '.pm-root .pm-scroll:focus-visible{outline-offset:-3px}',
        '@media (max-width:480px){' +
          '.pm-root .pm-panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;max-height:none;border-radius:0}' +
          '.pm-root.pm-open .pm-launcher{display:none}' +
          '.pm-root .pm-input{font-size:16px}}',
        '@media (prefers-reduced-motion:no-preference){.pm-root.pm-open .pm-panel{animation:pm-rise .18s ease-out}}',
        '@keyframes pm-rise{from{opacity:0;transform:translateY(10px)}to{opacity:1;transform:none}}'
      ].join('\n');

      const script = document.currentScript ||
        document.querySelector('script[data-channel][src*="parley-messenger"]');
      const config = script && readConfig(script);
      if (!config) return;

      const storageKey = 'parley.visitor.' + config.channel;
      const channelURL = config.server + '/messenger/v1/' + encodeURIComponent(config.channel);

      const session = { token: readToken(), creating: null };
      const live = { source: null, timer: 0, failures: 0, statusTimer: 0 };
      const sync = { running: null, again: false, failures: 0, timer: 0 };
      const view = { entries: [], byId: new Map(), stickToBottom: true, unread: 0, regroupQueued: false };
      const outbox = { queue: [], pumping: false, wakers: new Set() };
      let ui = null;
      let staged = null;
      let noticeTimer = 0;
      let openRequested = config.openAtStart;

    """#
}
