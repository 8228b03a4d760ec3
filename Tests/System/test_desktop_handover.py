"""Conversations changing hands, in a real browser against `parley serve`.

- A supervisor signs an agent out while the agent's desktop holds a conversation: the conversation leaves the
  desktop with a banner saying it went back to the queue (it used to stay, answerable in appearance only).
- The next agent sees the first agent's reply under that agent's name, not as "Agent", and the list's preview does
  not say "You:" for a reply somebody else wrote.
- Signing out while holding a conversation asks first; "Stay signed in" keeps everything.
- A supervisor who signs in on the agent desktop is turned away and signed out for real.
Screenshots go to the test's temporary directory as desktop-handover-*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import requests

from conftest import ADMIN_PASSWORD, ParleyProcess, parley_bin

sys.path.insert(0, str(Path(__file__).parent / "desktop"))

CONFIG = """\
workgroups:
  - {id: support, name: Support}
channels:
  - {id: web, kind: web_messaging, account_id: acme-web, name: Acme chat, workgroup: support}
"""
PEOPLE = {
    "ann": ("Ann Agent", ["agent"]),
    "bob": ("Bob Agent", ["agent"]),
    "sam": ("Sam Supervisor", ["supervisor"]),
}


def password(username: str) -> str:
    return f"{username}-handover-pass"


def make_people(url: str) -> dict[str, str]:
    """The people above; returns their ids by username."""
    admin = requests.Session()
    login = admin.post(f"{url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
    login.raise_for_status()
    ids = {}
    for username, (name, roles) in PEOPLE.items():
        made = admin.post(f"{url}/api/v1/users", headers={"X-CSRF-Token": login.json()["csrfToken"]}, timeout=10,
                          json={"username": username, "displayName": name, "password": password(username), "roles": roles,
                                "workgroups": ["support"]})
        assert made.status_code == 201, made.text
        ids[username] = made.json()["id"]
    return ids


def test_conversations_change_hands_visibly(chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from desktop_flow import Desk, Visitor, wait

    server = ParleyProcess(os.path.abspath(parley_bin()), Path(tempfile.mkdtemp(prefix="parley-handover-desk-")), config=CONFIG)
    try:
        server.start()
        ids = make_people(server.url)
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium

        def sign_in(username: str) -> None:
            d.get(server.url + "/")
            wait(lambda: desk.by_id("signin-username").is_displayed(), what="the sign-in form")
            desk.by_id("signin-username").send_keys(username)
            desk.by_id("signin-password").send_keys(password(username) + Keys.ENTER)

        def go_ready() -> None:
            wait(lambda: desk.connection() == "Live", what="the live desktop")
            Select(desk.by_id("state-select")).select_by_visible_text("Ready")
            wait(lambda: "ready" in desk.by_id("state-dot").get_attribute("class").split(), what="ready")

        def accept_offer() -> None:
            offer = wait(lambda: desk.offers(), timeout=20, what="an offer")[0]
            offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
            wait(lambda: desk.item_named("Quinn Customer") is not None, what="the conversation in the list")

        # Ann takes the conversation and answers it.
        sign_in("ann")
        go_ready()
        Visitor(server.url, "Quinn Customer", "acme-web").say("Hello, my parcel is late")
        accept_offer()
        wait(lambda: any("parcel is late" in t for t in desk.bubble_texts()), what="the customer's message")
        desk.by_id("reply").send_keys("Hello from Ann, let me look" + Keys.ENTER)
        wait(lambda: any("Hello from Ann" in t for t in desk.bubble_texts()), what="Ann's reply")
        wait(lambda: "You: Hello from Ann" in desk.item_named("Quinn Customer").text, what="Ann's own preview")

        # Sam signs Ann out from the wallboard's API while she is choosing whom to transfer it to: the conversation goes
        # back to the queue and leaves Ann's desktop, and the transfer dialog closes (it stayed open, its button live).
        desk.by_id("transfer-open").click()
        wait(lambda: desk.by_id("transfer-dialog").is_displayed(), what="the transfer dialog")
        sam = requests.Session()
        login = sam.post(f"{server.url}/api/v1/auth/login", json={"username": "sam", "password": password("sam")}, timeout=10)
        login.raise_for_status()
        out = sam.put(f"{server.url}/api/v1/users/{ids['ann']}/state", headers={"X-CSRF-Token": login.json()["csrfToken"]},
                      json={"state": "logged_out"}, timeout=10)
        assert out.status_code == 200, out.text
        wait(lambda: desk.item_named("Quinn Customer") is None, timeout=15, what="the conversation to leave Ann's desktop")
        assert "returned to the queue" in desk.text("banner"), desk.text("banner")
        wait(lambda: not desk.by_id("transfer-dialog").is_displayed(), what="the transfer dialog to close")
        desk.shot("handover-requeued")

        # Bob takes it over: Ann's reply is hers by name, and the preview does not claim it is Bob's.
        desk.by_id("signout").click()
        wait(lambda: desk.by_id("signin").is_displayed(), what="Ann signed out (nothing held: no question asked)")
        sign_in("bob")
        go_ready()
        accept_offer()
        wait(lambda: any("Hello from Ann" in t for t in desk.bubble_texts()), what="the history in Bob's view")
        authors = [b.find_element(By.CSS_SELECTOR, ".msg-meta bdi").text for b in desk.bubbles()]
        assert authors == ["Quinn Customer", "Ann Agent"], authors
        preview = desk.item_named("Quinn Customer").find_element(By.CSS_SELECTOR, ".conv-preview").text
        assert preview.startswith("Ann Agent: Hello from Ann"), preview
        desk.shot("handover-bob")

        # Bob signs out while holding it: asked first; staying keeps the conversation and the draft.
        desk.by_id("reply").send_keys("A draft for Quinn")
        desk.by_id("signout").click()
        wait(lambda: desk.by_id("signout-dialog").is_displayed(), what="the sign-out question")
        question = desk.text("signout-subtitle")
        assert "You hold 1 conversation" in question and "1 unsent draft" in question, question
        desk.shot("handover-signout-question")
        desk.by_id("signout-cancel").click()
        wait(lambda: not desk.by_id("signout-dialog").is_displayed(), what="the question to close")
        assert desk.item_named("Quinn Customer") is not None
        assert desk.by_id("reply").get_attribute("value") == "A draft for Quinn"
        desk.by_id("signout").click()
        wait(lambda: desk.by_id("signout-dialog").is_displayed(), what="the sign-out question again")
        desk.by_id("signout-confirm").click()
        wait(lambda: desk.by_id("signin").is_displayed(), what="Bob signed out")
        assert "signed out" in desk.text("signin-notice")

        # A supervisor on the agent desktop is turned away, and the session really ends.
        sign_in("sam")
        wait(lambda: "not an agent" in desk.text("signin-notice"), what="the not-an-agent notice")
        status = d.execute_async_script("var done = arguments[0]; fetch('/api/v1/me').then(function (r) { done(r.status); });")
        assert status == 401, f"the supervisor's session is still open: /api/v1/me answered {status}"
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e or "403" in e]
        assert not errors, errors
    finally:
        server.kill()
