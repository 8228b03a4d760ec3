"""The desktop's assets as `parley` serves them, read out of `Sources/App/Desktop/` (`DesktopAssets.swift` and
the script's parts in `DesktopScript+*.swift`).

    python3 assets.py extract DIR   write index.html, app.css and app.js into DIR (for node --check, diffing…)

Each asset is a Swift raw multi-line literal (`static let NAME = #\"\"\"` … `\"\"\"#`) whose closing delimiter
stands at column 0, so its value is the text between the delimiters, unchanged. The script is the parts that
`static let script = [a, b, …].joined(separator: "\\n")` names, joined the same way.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DIRECTORY = ROOT / "Sources/App/Desktop"
SWIFT_FILE = DIRECTORY / "DesktopAssets.swift"
NAMES = {"html": "index.html", "css": "app.css", "script": "app.js"}
CLOSER = '"""#'
JOINED = re.compile(r'static let (\w+) = \[([\w, ]+)\]\.joined\(separator: "\\n"\)')


def sources() -> str:
    """Every Swift file of the desktop, one after the other (each literal's name is unique among them)."""
    return "\n".join(path.read_text() for path in sorted(DIRECTORY.glob("*.swift")))


def literals(source: str) -> list[tuple[str, str]]:
    """Every `static let NAME = #\"\"\"` literal of the source, with its value."""
    found = []
    for match in re.finditer(r'static let (\w+) = #"""\n', source):
        start = match.end()
        end = source.index("\n" + CLOSER, start - 1)
        found.append((match.group(1), source[start:end]))
    return found


def literal(name: str, source: str | None = None) -> str:
    """The value of `static let <name>` as `parley` serves it: a literal, or the literals it joins."""
    source = sources() if source is None else source
    values = dict(literals(source))
    if [n for n, _ in literals(source)].count(name) > 1:
        raise ValueError(f"more than one literal named {name!r}")
    if name in values:
        return values[name]
    joined = [m for m in JOINED.finditer(source) if m.group(1) == name]
    if len(joined) != 1:
        raise ValueError(f"expected one literal or one joined list named {name!r}")
    return "\n".join(values[part.strip()] for part in joined[0].group(2).split(","))


def all_assets() -> dict[str, str]:
    source = sources()
    return {name: literal(name, source) for name in NAMES}


def extract(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in all_assets().items():
        (directory / NAMES[name]).write_text(text + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "extract":
        extract(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
