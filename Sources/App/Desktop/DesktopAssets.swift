/// Placeholder while the desktop is written.
enum DesktopAssets {
    static let html = #"""
    <!doctype html><title>Parley</title>
    """#
    static let css = #"""
    body {}
    """#
    static let script = #"""
    (function () {})();
    """#
}
