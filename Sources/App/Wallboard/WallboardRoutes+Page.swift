import Hummingbird
import NIOCore

/// Serves the wallboard page at `/wallboard` with the desktop's Content-Security-Policy (no inline script or
/// style, no other origin).
struct WallboardPageRoutes: Sendable {
    func register(on router: Router<ParleyRequestContext>) {
        let page = DesktopRoutes.asset(WallboardAssets.html, type: "text/html; charset=utf-8", extra: [
            .contentSecurityPolicy: DesktopRoutes.contentSecurityPolicy, .init("X-Frame-Options")!: "DENY",
        ])
        let style = DesktopRoutes.asset(WallboardAssets.css, type: "text/css; charset=utf-8")
        let script = DesktopRoutes.asset(WallboardScript.script, type: "text/javascript; charset=utf-8")
        router.get("wallboard") { _, _ in page() }
        router.get("wallboard/app.css") { _, _ in style() }
        router.get("wallboard/app.js") { _, _ in script() }
    }
}
