"""The web messenger that `parley` serves (literals in `Sources/App/Messenger/MessengerAssets.swift`) is the
one the browser checks exercise (`Tests/System/messenger/parley-messenger.js` against the fake visitor API).

These tests need neither the binary nor a browser.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

MESSENGER_DIR = Path(__file__).resolve().parent / "messenger"


def _load_sync():
    spec = importlib.util.spec_from_file_location("check_assets_in_sync", MESSENGER_DIR / "check_assets_in_sync.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync = _load_sync()


def test_messenger_script_in_swift_matches_the_js_file():
    problems = sync.differences()
    assert not problems, "\n".join(problems)


def test_messenger_script_is_ascii_so_it_survives_any_charset():
    script = sync.JS_FILE.read_text()
    offending = sorted({ch for ch in script if ord(ch) > 127})
    assert not offending, f"use \\u escapes in the script instead of {offending}"


def test_demo_page_interpolates_only_escaped_values():
    page = sync.raw_literal(sync.SWIFT_FILE.read_text(), sync.DEMO_OPENER)
    assert not sync.literal_hazards(page.replace("\\#(escapedChannel)", "").replace("\\#(escapedName)", ""))
    used = set(re.findall(r"\\#\((\w+)\)", page))
    assert used == {"escapedChannel", "escapedName"}, used


def test_demo_page_embeds_the_widget_for_the_channel_with_hostile_names_escaped():
    page = sync.demo_page('web"><script>alert(1)</script>', "Acme <b>support</b> & 'co'")
    assert "<script>alert(1)" not in page and "<b>support" not in page
    assert 'data-channel="web&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert 'src="/messenger/parley-messenger.js"' in page and 'data-open="true"' in page
    assert "This page plays the customer. Write a message; an agent answers from the desktop." in " ".join(page.split())


def test_messenger_script_parses():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "--check", str(sync.JS_FILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
