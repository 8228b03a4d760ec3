import Hummingbird
import NIOCore

/// The agent desktop: one page at `/` with its stylesheet and script under `/desktop/`. Everything the page
/// shows comes from the API and the event stream; these routes only serve the static assets.
///
/// The page's Content-Security-Policy allows no inline script or style and no other origin, so customer text
/// that slipped into the DOM as markup could still not run.
struct DesktopRoutes: Sendable {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    func register(on router: Router<ParleyRequestContext>) {
        let page = Self.asset(DesktopAssets.html, type: "text/html; charset=utf-8", extra: [
            .contentSecurityPolicy: Self.contentSecurityPolicy, .init("X-Frame-Options")!: "DENY",
        ])
        let style = Self.asset(DesktopAssets.css, type: "text/css; charset=utf-8")
        let script = Self.asset(DesktopAssets.script, type: "text/javascript; charset=utf-8")
        router.get("/") { _, _ in page() }
        router.get("desktop/app.css") { _, _ in style() }
        router.get("desktop/app.js") { _, _ in script() }
    }

    /// A response maker for one asset; the bytes are encoded once.
    static func asset(_ text: String, type: String, extra: HTTPFields = [:]) -> @Sendable () -> Response {
        var headers: HTTPFields = [
            .contentType: type,
            .cacheControl: "no-cache",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Referrer-Policy")!: "no-referrer",
        ]
        headers.append(contentsOf: extra)
        let body = ByteBuffer(string: text)
        return { [headers] in Response(status: .ok, headers: headers, body: .init(byteBuffer: body)) }
    }
}
