"""Keeps the messenger script in `MessengerAssets.swift` identical to `parley-messenger.js`.

    python3 check_assets_in_sync.py          exit 1 and say where they differ
    python3 check_assets_in_sync.py --write  copy the .js file into the Swift literal

Also reads the demo page out of the Swift file, so the fake visitor API serves the page `parley` serves.
"""

from __future__ import annotations

import difflib
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SWIFT_FILE = ROOT / "Sources/App/Messenger/MessengerAssets.swift"
JS_FILE = HERE / "parley-messenger.js"

SCRIPT_OPENER = 'static let script = #"""\n'
DEMO_OPENER = 'return #"""\n'
CLOSER = '"""#'
#: The only interpolations the demo page may contain: both are HTML-escaped first.
DEMO_INTERPOLATIONS = {"\\#(escapedChannel)": "channel", "\\#(escapedName)": "channel_name"}


class LiteralError(ValueError):
    pass


def _literal_span(source: str, opener: str) -> tuple[int, int, str]:
    """(start of the first content line, start of the closing delimiter's line, that line's indentation)."""
    if source.count(opener) != 1:
        raise LiteralError(f"expected exactly one {opener.strip()!r} in {SWIFT_FILE.name}")
    body = source.index(opener) + len(opener)
    close = source.index(CLOSER, body)
    line_start = source.rindex("\n", 0, close) + 1
    indent = source[line_start:close]
    if indent.strip():
        raise LiteralError(f"the closing {CLOSER} of {opener.strip()!r} must stand on its own line")
    return body, line_start, indent


def raw_literal(source: str, opener: str) -> str:
    """The value of the multi-line raw string literal that starts with `opener`, as Swift reads it
    (escapes and interpolations left as written)."""
    body, line_start, indent = _literal_span(source, opener)
    if line_start <= body:
        return ""
    lines = []
    for number, line in enumerate(source[body:line_start - 1].split("\n"), start=1):
        if line.startswith(indent):
            lines.append(line[len(indent):])
        elif not line.strip():
            lines.append("")
        else:
            raise LiteralError(f"line {number} of {opener.strip()!r} is indented less than its closing delimiter")
    return "\n".join(lines)


def literal_hazards(text: str) -> list[str]:
    """What in `text` would end a `#\"\"\"` literal early or be read as an escape or interpolation."""
    hazards = []
    if CLOSER in text:
        hazards.append(f"contains {CLOSER}, which ends the Swift literal")
    if "\\#" in text:
        hazards.append("contains \\#, which Swift reads as an escape or interpolation")
    return hazards


def script_from_swift() -> str:
    """The script as `parley` serves it, with the final newline the .js file has."""
    return raw_literal(SWIFT_FILE.read_text(), SCRIPT_OPENER) + "\n"


def demo_page(channel: str, channel_name: str) -> str:
    """The demo page as `MessengerAssets.demoPage(channel:channelName:)` builds it."""
    page = raw_literal(SWIFT_FILE.read_text(), DEMO_OPENER)
    values = {"channel": html.escape(channel, quote=True), "channel_name": html.escape(channel_name, quote=True)}
    for placeholder, name in DEMO_INTERPOLATIONS.items():
        page = page.replace(placeholder, values[name])
    return page


def differences() -> list[str]:
    """Empty when the Swift literal and the .js file agree; otherwise what is wrong."""
    js = JS_FILE.read_text()
    problems = [f"{JS_FILE.name} {hazard}" for hazard in literal_hazards(js)]
    try:
        swift = script_from_swift()
    except LiteralError as error:
        return problems + [str(error)]
    if swift != js:
        diff = difflib.unified_diff(js.splitlines(), swift.splitlines(), str(JS_FILE.relative_to(ROOT)),
                                    f"{SWIFT_FILE.relative_to(ROOT)} (script)", lineterm="", n=1)
        problems.append("the Swift literal differs from the .js file "
                        "(run Tests/System/messenger/check_assets_in_sync.py --write):\n" + "\n".join(list(diff)[:40]))
    return problems


def write() -> None:
    """Replaces the Swift literal's content with the .js file, indented like the closing delimiter."""
    js = JS_FILE.read_text()
    hazards = literal_hazards(js)
    if hazards:
        raise LiteralError(f"{JS_FILE.name} " + "; ".join(hazards))
    source = SWIFT_FILE.read_text()
    body, line_start, indent = _literal_span(source, SCRIPT_OPENER)
    lines = js[:-1].split("\n") if js.endswith("\n") else js.split("\n")
    content = "".join((indent + line if line else "") + "\n" for line in lines)
    SWIFT_FILE.write_text(source[:body] + content + source[line_start:])


def main(argv: list[str]) -> int:
    if argv[1:] == ["--write"]:
        write()
    problems = differences()
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{SWIFT_FILE.relative_to(ROOT)} holds {JS_FILE.relative_to(ROOT)} unchanged")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
