"""The agent desktop in a real browser: runs the selenium flow (Tests/System/desktop/desktop_flow.py) against the
built binary — sign-in, Ready, offer, accept, hostile text, a SIGKILL mid-conversation, network cut, wrap-up, RONA,
keyboard — and fails on the first step that does not hold. Screenshots go to the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import parley_bin

FLOW = Path(__file__).parent / "desktop" / "desktop_flow.py"


def test_the_agent_desktop_flow_in_chromium(tmp_path):
    if not (shutil.which("/usr/bin/chromium") and shutil.which("/usr/bin/chromedriver")):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromium-driver are not installed")
        pytest.skip("chromium is not installed")
    if os.environ.get("CI") == "true":
        import axe_selenium_python  # noqa: F401  (the flow's accessibility checks must run in CI)
    result = subprocess.run([sys.executable, str(FLOW), "--binary", os.path.abspath(parley_bin()), "--screenshots", str(tmp_path),
                             "--proxy", "never"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert "all 23 steps passed" in result.stdout or "steps passed" in result.stdout, result.stdout[-2000:]
