"""The agent desktop's page, stylesheet and script (literals in `Sources/App/Desktop/DesktopAssets.swift`) keep
to the rules that make customer text harmless and the strict Content-Security-Policy hold.

These tests need neither the binary nor a browser; `Tests/System/desktop/desktop_flow.py` drives the page in
Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

DESKTOP_DIR = Path(__file__).resolve().parent / "desktop"
sys.path.insert(0, str(DESKTOP_DIR))

import assets  # noqa: E402

ROUTES_FILE = assets.ROOT / "Sources/App/Desktop/DesktopRoutes.swift"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@pytest.fixture(scope="module")
def page() -> dict[str, str]:
    return assets.all_assets()


def code_only(script: str) -> str:
    """The script without its comments and string literals (roughly: enough to look for API names)."""
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    script = re.sub(r"(?m)^\s*//.*$", "", script)
    return re.sub(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`", "''", script)


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self.labels_for: set[str] = set()
        self.ids: set[str] = set()
        self._in_script = False
        self._open_buttons: list[list[str]] = []
        self.button_names: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(attributes["for"])
        if tag == "script":
            self._in_script = True
        if tag == "button":
            self._open_buttons.append([attributes.get("aria-label") or ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "button" and self._open_buttons:
            self.button_names.append("".join(self._open_buttons.pop()).strip())

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)
        for button in self._open_buttons:
            button.append(data)


@pytest.fixture(scope="module")
def html(page) -> Page:
    parsed = Page()
    parsed.feed(page["html"])
    return parsed


# -- The script ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sink", ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                                  "createContextualFragment", "DOMParser", "srcdoc", "setAttribute('style'",
                                  'setAttribute("style"', "javascript:", "import(", ".cssText"])
def test_script_never_turns_strings_into_markup_or_code(page, sink):
    assert sink not in page["script"], f"the desktop script uses {sink}"


def test_script_passes_no_strings_to_timers(page):
    assert not re.search(r"set(?:Timeout|Interval)\(\s*['\"`]", page["script"])


def test_script_is_one_plain_strict_iife_without_modules(page):
    script = page["script"].strip()
    body = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    assert body.startswith("(function () {") and body.endswith("})();")
    assert "'use strict';" in body[:200]
    code = code_only(script)
    assert not re.search(r"(?m)^\s*(import|export)\s", code)


def test_script_stays_within_es2018(page):
    code = code_only(page["script"])
    assert "?." not in re.sub(r"\?\.\d", "", code), "optional chaining is ES2020"
    assert "??" not in code, "nullish coalescing is ES2020"
    assert not re.search(r"\b\d+n\b", code), "BigInt literals are ES2020"


def test_script_builds_links_only_for_http_and_https_with_noopener(page):
    script = page["script"]
    assert "url.protocol === 'http:' || url.protocol === 'https:'" in script
    for match in re.finditer(r"el\('a', \{([^}]*)\}", script):
        assert "rel: 'noopener noreferrer'" in match.group(1), match.group(0)


def test_script_shows_only_same_origin_images(page):
    script = page["script"]
    assert script.count("el('img'") == 1
    image = script[script.index("el('img'") - 300:script.index("el('img'")]
    assert "sameOriginPath(a.url)" in image


def test_script_marks_message_text_with_dir_auto(page):
    assert "el('p', { className: 'msg-text', dir: 'auto' })" in page["script"]


def test_script_parses(page, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    file = tmp_path / "app.js"
    file.write_text(page["script"])
    result = subprocess.run([node, "--check", str(file)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_element_the_script_looks_up_is_on_the_page(page, html):
    wanted = set(re.findall(r"\$\('([\w-]+)'\)", page["script"]))
    assert wanted, "the script looks up no ids?"
    assert not wanted - html.ids, sorted(wanted - html.ids)


# -- The page and the stylesheet -------------------------------------------------------------------


def test_page_has_no_inline_script_style_or_handlers(page, html):
    scripts = [attrs for tag, attrs in html.tags if tag == "script"]
    assert scripts == [{"src": "/desktop/app.js", "defer": None}], scripts
    assert not "".join(html.script_text).strip()
    assert not [tag for tag, _ in html.tags if tag == "style"]
    for tag, attrs in html.tags:
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)


def test_page_loads_only_its_own_assets(page, html):
    assert ("link", {"rel": "stylesheet", "href": "/desktop/app.css"}) in html.tags
    for tag, attrs in html.tags:
        for name in ("src", "href", "action"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("/") and not value.startswith("//") or value == "data:,", (tag, attrs)


def test_no_external_resources_anywhere(page):
    for name in ("html", "css", "script"):
        assert not re.search(r"https?://[a-z0-9]", page[name], re.I), name
    assert "@import" not in page["css"] and "url(" not in page["css"] and "expression(" not in page["css"]


def test_every_form_control_has_a_label_and_every_button_a_name(html):
    for tag, attrs in html.tags:
        if tag in ("input", "select", "textarea"):
            assert attrs.get("id") in html.labels_for or attrs.get("aria-label"), (tag, attrs)
    assert html.button_names and all(html.button_names), html.button_names


def test_assets_are_ascii_so_they_survive_any_charset(page):
    for name, text in page.items():
        offending = sorted({ch for ch in text if ord(ch) > 127})
        assert not offending, f"{name}: use escapes (\\u2026, &hellip;) instead of {offending}"


def test_literals_cannot_end_early_or_interpolate():
    for name, text in assets.literals(assets.sources()):
        assert '"""#' not in text and "\\#" not in text, name


# -- The routes ------------------------------------------------------------------------------------


def test_routes_send_the_policy_and_the_right_types():
    source = ROUTES_FILE.read_text()
    policy = "".join(re.findall(r'"([^"]*)"', source[source.index("contentSecurityPolicy ="):source.index("func register")]))
    assert policy == CSP
    for content_type in ("text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8"):
        assert f'"{content_type}"' in source
    for header in ('.cacheControl: "no-cache"', '"X-Content-Type-Options")!: "nosniff"', '"Referrer-Policy")!: "no-referrer"'):
        assert header in source
    for route in ('router.get("/")', 'router.get("desktop/app.css")', 'router.get("desktop/app.js")'):
        assert route in source
