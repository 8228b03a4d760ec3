/// The supervisors' wallboard page: plain HTML and CSS served by Parley (no build step, no CDN). The script is in
/// WallboardScript.swift. Everything shown comes from `/api/v1/wallboard` and is written into the page as text.
enum WallboardAssets {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Parley wallboard</title>
    <link rel="stylesheet" href="/wallboard/app.css">
    <script src="/wallboard/app.js" defer></script>
    </head>
    <body>
    <section id="signin" class="signin" hidden aria-labelledby="signin-title">
      <form id="signin-form" class="card">
        <h1 id="signin-title">Parley wallboard</h1>
        <p>Sign in as a supervisor.</p>
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" required>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        <p id="signin-error" class="error" role="alert"></p>
      </form>
    </section>
    <div id="board" hidden>
      <header class="top">
        <h1>Wallboard</h1>
        <span id="day" class="muted"></span>
        <span id="updated" class="muted" aria-live="polite"></span>
        <span id="connection" class="pill" role="status"></span>
        <span class="spacer"></span>
        <label class="inline" for="zone">Time zone</label>
        <input id="zone" class="zone" aria-label="Time zone" list="zones">
        <datalist id="zones"></datalist>
        <nav class="views" aria-label="Views">
          <button id="view-live" type="button" aria-pressed="true">Live</button>
          <button id="view-reports" type="button" aria-pressed="false">Reports</button>
        </nav>
        <button id="tv" type="button" aria-pressed="false">TV mode</button>
        <button id="signout" type="button">Sign out</button>
      </header>
      <section id="alerts" class="alerts" aria-label="Alerts" aria-live="polite"></section>
      <section id="reports" class="reports" hidden aria-labelledby="reports-title">
        <h2 id="reports-title">Historical reports</h2>
        <form id="report-form" class="card report-form">
          <label>Report <select id="r-name">
            <option value="queue-performance">Queue Performance</option>
            <option value="agent-performance">Agent Performance</option>
            <option value="wrap-up-codes">Wrap-up Codes</option>
            <option value="agent-social-engagement">Agent Social Engagement</option>
            <option value="interaction-details">Interaction Details</option>
            <option value="handling-attempts">Interaction Handling Attempts</option>
          </select></label>
          <label>From <input id="r-from" type="date" required></label>
          <label>To <input id="r-to" type="date" required></label>
          <label>Interval <select id="r-interval">
            <option value="15min">15 minutes</option><option value="hour">Hour</option><option value="day" selected>Day</option>
            <option value="week">Week</option><option value="month">Month</option>
          </select></label>
          <label><input id="r-detail" type="checkbox" checked> A row per interval</label>
          <label>Workgroups <input id="r-workgroup" placeholder="all"></label>
          <label>Agents <input id="r-agent" placeholder="all"></label>
          <label>Channels <input id="r-channel" placeholder="all"></label>
          <label>Media type <select id="r-media"><option value="">Public and private</option><option value="public">Public</option>
            <option value="private">Private</option></select></label>
          <button type="submit">Run</button>
          <a id="r-csv" href="#" download>Download CSV</a>
        </form>
        <p id="r-status" class="muted" role="status"></p>
        <div id="r-chart" class="card"></div>
        <div class="card scroll"><table id="r-table"><thead></thead><tbody></tbody></table></div>
      </section>
      <main id="live">
        <section aria-labelledby="wg-title">
          <h2 id="wg-title">Workgroups today</h2>
          <div id="workgroups" class="grid"></div>
        </section>
        <section class="row">
          <div class="card wide" aria-labelledby="platforms-title">
            <h2 id="platforms-title">Media activity</h2>
            <table id="platforms"><thead><tr><th scope="col">Platform</th><th scope="col">Inbound today</th><th scope="col">Outbound today</th>
            <th scope="col">Active</th><th scope="col">Waiting</th></tr></thead><tbody></tbody></table>
          </div>
          <div class="card" aria-labelledby="social-title">
            <h2 id="social-title">Social statistics</h2>
            <dl id="social" class="stats"></dl>
          </div>
        </section>
        <section class="row admin">
          <div class="card wide" aria-labelledby="agents-title">
            <h2 id="agents-title">Agents</h2>
            <table id="agents"><thead><tr><th scope="col">Agent</th><th scope="col">State</th><th scope="col">In state</th>
            <th scope="col">Load</th><th scope="col">Change state</th></tr></thead><tbody></tbody></table>
          </div>
          <div class="card" aria-labelledby="emergency-title">
            <h2 id="emergency-title">Emergency mode</h2>
            <ul id="calendars" class="plain"></ul>
          </div>
        </section>
      </main>
      <p id="error" class="error" role="alert"></p>
    </div>
    <dialog id="interaction" aria-labelledby="interaction-title">
      <h2 id="interaction-title">Interaction</h2>
      <p id="interaction-meta" class="muted"></p>
      <ol id="interaction-messages" class="messages"></ol>
      <button id="interaction-close" type="button">Close</button>
    </dialog>
    </body>
    </html>
    """#

    static let css = #"""
    :root { --bg: #f4f5f7; --card: #fff; --ink: #1d2330; --muted: #5b6475; --line: #d7dbe3; --good: #1b7f3b; --bad: #b3261e;
      --warn: #8a5a00; --accent: #2c5cc5; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--ink); }
    h1 { font-size: 1.3rem; margin: 0; }
    h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
    button, input, select { font: inherit; }
    button { border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: .3rem .7rem; cursor: pointer; }
    button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .signin { display: flex; justify-content: center; padding: 4rem 1rem; }
    .signin form { display: grid; gap: .4rem; width: 20rem; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .9rem; }
    .top { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
    .spacer { flex: 1; }
    .muted { color: var(--muted); }
    .pill { border-radius: 99px; padding: .1rem .6rem; background: #e8f3ec; color: #0d4d22; font-size: .85rem; }
    .pill.down { background: #fbe9e7; color: #8c1d16; }
    .zone { width: 12rem; }
    main { padding: 1rem; display: grid; gap: 1rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 1rem; }
    .row { display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; }
    .wg h3 { margin: 0 0 .4rem; font-size: 1.05rem; }
    .figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: .4rem; margin: 0; }
    .figures div { background: var(--bg); border-radius: 6px; padding: .35rem .5rem; }
    .figures .label { display: block; font-size: .78rem; color: var(--muted); }
    .figures .value { display: block; font-size: 1.35rem; font-weight: 600; }
    .figures .bad .value { color: var(--bad); }
    .agents-line { margin: .5rem 0 .2rem; color: var(--muted); font-size: .9rem; }
    .chart { display: block; width: 100%; height: 48px; }
    /* The chart stretches to its box (preserveAspectRatio none): strokes keep their width on screen, and each dot is
       a zero-length round-capped line, so it stays round where a circle would become an ellipse. */
    .chart polyline { fill: none; stroke: var(--accent); stroke-width: 2; vector-effect: non-scaling-stroke; }
    .chart .dot { stroke: var(--accent); stroke-width: 5; stroke-linecap: round; vector-effect: non-scaling-stroke; }
    .chart .target { stroke: var(--line); stroke-dasharray: 4 3; stroke-width: 1; vector-effect: non-scaling-stroke; }
    body.tv .chart .dot { stroke-width: 9; }
    .chart-label { font-size: .78rem; color: var(--muted); margin: .3rem 0 0; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    .stats { display: grid; grid-template-columns: auto auto; gap: .3rem .8rem; margin: 0; }
    .stats dt { color: var(--muted); }
    .stats dd { margin: 0; font-weight: 600; }
    .alerts { padding: 0 1rem; display: grid; gap: .4rem; margin-top: .6rem; }
    .alert { background: #fbe9e7; color: var(--bad); border: 1px solid #f0b4ad; border-radius: 8px; padding: .4rem .7rem; font-weight: 600; }
    .error, .calendar-error { color: var(--bad); }
    .plain { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
    .state-ready { color: var(--good); font-weight: 600; }
    .state-not_ready { color: var(--warn); font-weight: 600; }
    .state-logged_out { color: var(--muted); }
    .inline { margin-left: .5rem; }
    .messages { padding-left: 1.2rem; max-height: 60vh; overflow: auto; }
    .messages li { margin: .3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    dialog { max-width: min(40rem, 95vw); border: 1px solid var(--line); border-radius: 10px; }
    body.tv { font-size: 24px; }
    body.tv .admin, body.tv .top .zone, body.tv .top label, body.tv #signout { display: none; }
    body.tv .grid { grid-template-columns: 1fr; }
    body.tv .wg { display: none; }
    body.tv .wg.current { display: block; }
    body.tv .figures .value { font-size: 3rem; }
    body.tv .chart { height: 110px; }
    .views button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
    .reports { padding: 1rem; display: grid; gap: 1rem; }
    .report-form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; }
    .report-form label { display: grid; gap: .2rem; font-size: .9rem; }
    .report-form input:not([type=checkbox]), .report-form select { min-width: 8rem; }
    .scroll { overflow: auto; max-height: 60vh; }
    #r-table td, #r-table th { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .bars { display: block; width: 100%; height: 160px; }
    .bars rect { fill: var(--accent); }
    body.tv .views, body.tv .reports { display: none; }
    @media (max-width: 900px) { .row { grid-template-columns: 1fr; } }
    """#
}
