"""The desktop's assets as `parley` serves them, read out of `Sources/App/Desktop/DesktopAssets.swift`.

    python3 assets.py extract DIR   write index.html, app.css and app.js into DIR (for node --check, diffing…)

Each asset is a Swift raw multi-line literal (`static let NAME = #\"\"\"` … `\"\"\"#`) whose closing delimiter
stands at column 0, so its value is the text between the delimiters, unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SWIFT_FILE = ROOT / "Sources/App/Desktop/DesktopAssets.swift"
NAMES = {"html": "index.html", "css": "app.css", "script": "app.js"}
CLOSER = '"""#'


def literal(name: str, source: str | None = None) -> str:
    """The value of `static let <name>` in DesktopAssets.swift."""
    source = SWIFT_FILE.read_text() if source is None else source
    opener = f'static let {name} = #"""\n'
    if source.count(opener) != 1:
        raise ValueError(f"expected one {opener.strip()!r} in {SWIFT_FILE.name}")
    start = source.index(opener) + len(opener)
    end = source.index("\n" + CLOSER, start - 1)
    return source[start:end]


def all_assets() -> dict[str, str]:
    source = SWIFT_FILE.read_text()
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
