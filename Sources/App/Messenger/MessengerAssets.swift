/// The web messenger's browser side, served by `parley` itself: the embeddable widget script
/// (`/messenger/parley-messenger.js`) and a demo page that plays a customer's website (`/messenger/demo`).
///
/// `script` is identical to `Tests/System/messenger/parley-messenger.js`, which the browser tests run against
/// a fake visitor API; `Tests/System/test_messenger_assets.py` fails when the two differ. It is kept in parts by
/// concern (`MessengerScript+*.swift`: start-up and stylesheet, connection, message list, composer, widget) and
/// joined here into the one script served. Edit the `.js` file, then copy it into the parts with
/// `python3 Tests/System/messenger/check_assets_in_sync.py --write`.
enum MessengerAssets {
    /// A fictional company's help page with the widget embedded for `channel` and opened.
    static func demoPage(channel: String, channelName: String) -> String {
        let escapedChannel = htmlEscaped(channel)
        let escapedName = htmlEscaped(channelName)
        return #"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Help centre · Acme Outfitters (Parley demo)</title>
            <style>
              * { box-sizing: border-box; }
              body { margin: 0; background: #f7f3ec; color: #2a2520; font: 17px/1.6 Georgia, "Times New Roman", serif; }
              .wrap { max-width: 980px; margin: 0 auto; padding: 0 24px; }
              .site { background: #24402f; color: #f7f3ec; }
              .site .wrap { display: flex; align-items: center; justify-content: space-between; gap: 16px; min-height: 64px; }
              .brand { font-size: 22px; font-weight: bold; letter-spacing: .02em; }
              .site nav { display: flex; gap: 20px; font-size: 15px; opacity: .9; }
              .demo-note { margin: 28px 0 0; padding: 14px 18px; border-left: 4px solid #c8772b; background: #fff8ee;
                font-family: system-ui, sans-serif; font-size: 15px; }
              h1 { margin: 36px 0 8px; font-size: 40px; line-height: 1.15; font-weight: normal; }
              .lead { margin: 0 0 32px; max-width: 40em; color: #5a5148; }
              .topics { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 18px; }
              .topics article { padding: 20px 22px; border: 1px solid #e4dccf; border-radius: 10px; background: #fff; }
              .topics h2 { margin: 0 0 6px; font-size: 20px; font-weight: normal; }
              .topics p { margin: 0; color: #5a5148; font-size: 15px; }
              .channel { margin: 36px 0 120px; color: #7a7065; font-family: system-ui, sans-serif; font-size: 13px; }
              footer { padding: 18px 0; border-top: 1px solid #e4dccf; color: #7a7065; font-size: 14px; }
              @media (min-width: 1100px) { .wrap { max-width: 1500px; padding: 0 450px 0 56px; } }
              @media (max-width: 600px) { h1 { font-size: 30px; } .site nav { display: none; } }
            </style>
            </head>
            <body>
            <header class="site">
              <div class="wrap">
                <span class="brand">Acme Outfitters</span>
                <nav aria-label="Site"><span>Shop</span><span>Journal</span><span>Stores</span><span>Help</span></nav>
              </div>
            </header>
            <main class="wrap">
              <p class="demo-note"><strong>Parley demo.</strong> This page plays the customer.
                Write a message; an agent answers from the desktop.</p>
              <h1>How can we help?</h1>
              <p class="lead">Questions about an order, a return or which tent to take up the mountain?
                Open the chat in the corner and our team will answer right there.</p>
              <section class="topics" aria-label="Help topics">
                <article><h2>Orders and delivery</h2><p>Track a parcel, change the delivery address or add to an order
                  that has not shipped yet.</p></article>
                <article><h2>Returns and repairs</h2><p>Send back unworn items within 60 days, or have us mend a
                  zip, a seam or a tent pole.</p></article>
                <article><h2>Sizing and advice</h2><p>Not sure between two sizes, or which sleeping bag suits a
                  spring trip? Ask us.</p></article>
              </section>
              <p class="channel">Chat channel: \#(escapedName) (<code>\#(escapedChannel)</code>)</p>
            </main>
            <footer><div class="wrap">Acme Outfitters is a fictional company, made up for Parley's demo.</div></footer>
            <script src="/messenger/parley-messenger.js" data-channel="\#(escapedChannel)"
              data-title="\#(escapedName)" data-open="true" async></script>
            </body>
            </html>
            """#
    }

    /// `text` made safe for HTML element content and quoted attribute values. Works on Unicode scalars, so
    /// a combining mark after `<` cannot hide it inside one `Character`.
    static func htmlEscaped(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// The embeddable widget; see the comment at its top for the `data-` attributes it reads.
    static let script = [scriptStart, scriptConnection, scriptMessages, scriptComposer, scriptWidget].joined(separator: "\n")
}
