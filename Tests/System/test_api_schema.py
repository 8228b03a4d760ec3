"""The API against its own OpenAPI document, with schemathesis: no 5xx, every response matches its schema,
undocumented methods get 405, schema-valid requests are accepted and invalid ones refused.

The run authenticates with a bearer API token passed as a header on every request. The `ignored_auth`
check is excluded because of that: it swaps in a made-up cookie while our valid header stays, and then
(correctly) gets 200. The server has a web-messaging channel, and the config file names it, so the visitor API
is exercised past its 404. `/api/v1/stream` is left out: it is a WebSocket upgrade, which schemathesis does not
speak (plain HTTP there gets 426); the stream is tested by test_web_messaging_flow.py. Reports and the wallboard
may answer a schema-valid request with 400 (a reversed or too long period, an unknown time zone): the settings file
says so for those operations only.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import requests

from conftest import ADMIN_PASSWORD, META_CONFIG

CONFIG = META_CONFIG + """\
workgroups:
  - {id: support, name: Support}
channels:
  - {id: web, kind: web_messaging, account_id: acme-web, name: Acme chat, workgroup: support}
"""


def test_api_conforms_to_its_openapi_document(parley_factory, tmp_path, backend):
    parley = parley_factory(config=CONFIG, db_url=backend).start()
    if shutil.which("schemathesis") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("schemathesis is not installed (python3 -m pip install schemathesis)")
        pytest.skip("schemathesis is not installed")
    session = requests.Session()
    login = session.post(f"{parley.url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
    assert login.status_code == 200, login.text
    created = session.post(f"{parley.url}/api/v1/tokens", json={"name": "schemathesis"},
                           headers={"X-CSRF-Token": login.json()["csrfToken"]}, timeout=10)
    assert created.status_code == 201, created.text
    token = created.json()["token"]

    settings = tmp_path / "schemathesis.toml"
    # Report periods have rules across parameters that a schema cannot state (from ≤ to; at most 31 days by 15 minutes),
    # and a time zone is any IANA name the server knows: a schema-valid request may still get 400 there, with its code.
    settings.write_text('[parameters]\n"path.channel" = "acme-web"\n\n'
                        '[[operations]]\ninclude-path-regex = "^/api/v1/(reports/|wallboard)"\n'
                        'checks.positive_data_acceptance.expected-statuses = [200, 400, 401, 403]\n')
    result = subprocess.run(
        ["schemathesis", "--config-file", str(settings), "run", f"{parley.url}/openapi.json",
         "--exclude-path", "/api/v1/stream",
         "--header", f"Authorization: Bearer {token}",
         "--checks", "all", "--exclude-checks", "ignored_auth",
         "--max-examples", "15", "--seed", "1", "--no-color"],
        capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "12/12" in output or "Selected:" in output, output[-2000:]
