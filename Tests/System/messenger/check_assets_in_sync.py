"""Keeps the messenger script `parley` serves identical to `parley-messenger.js`.

    python3 check_assets_in_sync.py          exit 1 and say where they differ
    python3 check_assets_in_sync.py --write  copy the .js file into the Swift literals

The script is kept in parts, one raw literal each in `Sources/App/Messenger/MessengerScript+*.swift`, and
`MessengerAssets.swift` joins them: `static let script = [a, b, ...].joined(separator: "\n")`. `--write` cuts the
.js file where each part (after the first) starts now: that first line must stay, once, in the .js file.

Also reads the demo page out of `MessengerAssets.swift`, so the fake visitor API serves the page `parley` serves.
"""

from __future__ import annotations

import difflib
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SWIFT_DIR = ROOT / "Sources/App/Messenger"
SWIFT_FILE = SWIFT_DIR / "MessengerAssets.swift"
JS_FILE = HERE / "parley-messenger.js"

JOINED = re.compile(r'static let script = \[([\w, ]+)\]\.joined\(separator: "\\n"\)')
DEMO_OPENER = 'return #"""\n'
CLOSER = '"""#'
#: The only interpolations the demo page may contain: both are HTML-escaped first.
DEMO_INTERPOLATIONS = {"\\#(escapedChannel)": "channel", "\\#(escapedName)": "channel_name"}


class LiteralError(ValueError):
    pass


def _literal_span(source: str, opener: str, name: str = SWIFT_FILE.name) -> tuple[int, int, str]:
    """(start of the first content line, start of the closing delimiter's line, that line's indentation)."""
    if source.count(opener) != 1:
        raise LiteralError(f"expected exactly one {opener.strip()!r} in {name}")
    body = source.index(opener) + len(opener)
    close = source.index(CLOSER, body)
    line_start = source.rindex("\n", 0, close) + 1
    indent = source[line_start:close]
    if indent.strip():
        raise LiteralError(f"the closing {CLOSER} of {opener.strip()!r} must stand on its own line")
    return body, line_start, indent


def raw_literal(source: str, opener: str, name: str = SWIFT_FILE.name) -> str:
    """The value of the multi-line raw string literal that starts with `opener`, as Swift reads it
    (escapes and interpolations left as written)."""
    body, line_start, indent = _literal_span(source, opener, name)
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


def script_parts() -> list[tuple[str, Path]]:
    """The script's parts in the order `MessengerAssets.script` joins them, each with the file that holds it."""
    joined = JOINED.findall(SWIFT_FILE.read_text())
    if len(joined) != 1:
        raise LiteralError(f"expected one `static let script = [...].joined(separator: \"\\n\")` in {SWIFT_FILE.name}")
    names = [name.strip() for name in joined[0].split(",")]
    files = sorted(SWIFT_DIR.glob("*.swift"))
    parts = []
    for name in names:
        holders = [path for path in files if _opener(name) in path.read_text()]
        if len(holders) != 1:
            raise LiteralError(f"expected one file in {SWIFT_DIR.relative_to(ROOT)} with {_opener(name).strip()!r}")
        parts.append((name, holders[0]))
    return parts


def _opener(name: str) -> str:
    return f'static let {name} = #"""\n'


def script_from_swift() -> str:
    """The script as `parley` serves it (its parts joined by newlines), with the final newline the .js file has."""
    return "\n".join(raw_literal(path.read_text(), _opener(name), path.name) for name, path in script_parts()) + "\n"


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
                                    f"{SWIFT_DIR.relative_to(ROOT)} (script)", lineterm="", n=1)
        problems.append("the Swift literal differs from the .js file "
                        "(run Tests/System/messenger/check_assets_in_sync.py --write):\n" + "\n".join(list(diff)[:40]))
    return problems


def write() -> None:
    """Replaces the parts' content with the .js file, cut where each part starts now and indented like each
    closing delimiter."""
    js = JS_FILE.read_text()
    hazards = literal_hazards(js)
    if hazards:
        raise LiteralError(f"{JS_FILE.name} " + "; ".join(hazards))
    lines = js[:-1].split("\n") if js.endswith("\n") else js.split("\n")
    parts = script_parts()
    starts = [0]
    for name, path in parts[1:]:
        first = raw_literal(path.read_text(), _opener(name), path.name).split("\n")[0]
        found = [number for number, line in enumerate(lines) if line == first]
        if not first.strip() or len(found) != 1 or found[0] <= starts[-1]:
            raise LiteralError(f"{name} starts with {first!r}, which {JS_FILE.name} must hold once, after the previous "
                               f"part's start: move the cut in {path.name} by hand")
        starts.append(found[0])
    for (name, path), start, end in zip(parts, starts, starts[1:] + [len(lines)]):
        source = path.read_text()
        body, line_start, indent = _literal_span(source, _opener(name), path.name)
        content = "".join((indent + line if line else "") + "\n" for line in lines[start:end])
        path.write_text(source[:body] + content + source[line_start:])


def main(argv: list[str]) -> int:
    if argv[1:] == ["--write"]:
        try:
            write()
        except LiteralError as error:
            print(error, file=sys.stderr)
            return 1
    problems = differences()
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{SWIFT_DIR.relative_to(ROOT)} holds {JS_FILE.relative_to(ROOT)} unchanged")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
