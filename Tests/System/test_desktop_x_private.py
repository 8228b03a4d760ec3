"""X in the agent desktop, in a real browser, against `parley serve` and `parley sandbox` (X's API v2 stand-in):
a customer's mention is offered and accepted; Like and Retweet reach X once each; "Direct message" explains that
the customer must follow first and offers the standard follow request, which the agent inserts and sends as a
public reply; when X delivers the follow, the desktop says so and switches to the direct message, which X receives.
Internal notes (on the conversation and on the customer) are shown as such and reach no platform; a transfer
back to the queue carries its note to whoever takes the conversation next.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from conftest import ADMIN_PASSWORD, ParleyProcess, free_port, parley_bin

sys.path.insert(0, str(Path(__file__).parent / "desktop"))

ACCOUNT = "2244994945"  # the sandbox's X account
CUSTOMER = "1850000000000000777"
SECRET = "x-desktop-secret"
CONFIG = f"""\
platforms:
  x:
    webhook_secret: {SECRET}
workgroups:
  - {{id: support, name: Support}}
channels:
  - {{id: acme-x, kind: x, account_id: "{ACCOUNT}", name: Acme on X, handle: acmesupport, workgroup: support, access_token: x-user-token}}
"""


def deliver(url: str, body: dict) -> None:
    raw = json.dumps(body).encode()
    signature = "sha256=" + base64.b64encode(hmac.new(SECRET.encode(), raw, hashlib.sha256).digest()).decode()
    answer = requests.post(f"{url}/webhooks/x", data=raw, timeout=10,
                           headers={"Content-Type": "application/json", "x-twitter-webhooks-signature": signature})
    assert answer.status_code == 200, answer.text


def calls(sandbox: str, suffix: str) -> list[dict]:
    return [c for c in requests.get(f"{sandbox}/_sandbox/calls", timeout=10).json() if c["path"].endswith(suffix)]


def test_move_to_private_on_x_waits_for_the_follow_like_and_retweet_go_once_and_notes_stay_internal(chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from desktop_flow import AGENT, Desk, create_agent, wait

    sandbox_port = free_port()
    binary = os.path.abspath(parley_bin())
    server = ParleyProcess(binary, Path(tempfile.mkdtemp(prefix="parley-x-desk-")), config=CONFIG,
                           extra_args=["--platform-api", f"http://127.0.0.1:{sandbox_port}"])
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox = subprocess.Popen([binary, "sandbox", "--port", str(sandbox_port), "--parley", server.url, "--secret", SECRET],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server.start()
        wait(lambda: requests.get(f"{sandbox_url}/_sandbox/calls", timeout=2).status_code == 200, what="the sandbox")
        create_agent(server.url)
        admin = requests.Session()
        login = admin.post(f"{server.url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10).json()
        assert admin.post(f"{server.url}/api/v1/users", headers={"X-CSRF-Token": login["csrfToken"]}, timeout=10,
                          json={"username": "bob", "displayName": "Bob Backup", "password": "bob-long-password", "roles": ["agent"],
                                "workgroups": ["support"]}).status_code == 201
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium
        desk.sign_in_ready()

        now = int(time.time() * 1000)
        deliver(server.url, {"for_user_id": ACCOUNT, "tweet_create_events": [{
            "id_str": "1850000000000000901", "text": "@acmesupport my router keeps dropping the line",
            "user": {"id_str": CUSTOMER, "screen_name": "rita_r", "name": "Rita Router"},
            "entities": {"user_mentions": [{"id_str": ACCOUNT}]}, "timestamp_ms": str(now)}]})
        offer = wait(lambda: desk.offers(), what="the offer")[0]
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: any("router keeps dropping" in t for t in desk.bubble_texts()), what="the tweet")

        # Like and Retweet: once each, and marked done.
        desk.bubbles()[0].find_element(By.XPATH, ".//button[text()='Like']").click()
        wait(lambda: desk.bubbles()[0].find_element(By.XPATH, ".//button[text()='Retweet']").click() or True, what="the Retweet button")
        wait(lambda: len(calls(sandbox_url, f"/2/users/{ACCOUNT}/likes")) == 1
             and len(calls(sandbox_url, f"/2/users/{ACCOUNT}/retweets")) == 1, timeout=15, what="the like and the retweet at X")
        wait(lambda: "Liked" in desk.bubbles()[0].text and "Retweeted" in desk.bubbles()[0].text, timeout=15, what="both marked done")

        # Direct message: not yet, she does not follow; the follow request is offered.
        mode = desk.by_id("reply-mode")
        assert mode.is_displayed() and "Direct message" in mode.text, mode.text
        assert desk.by_id("reply-public").is_selected()
        desk.by_id("reply-private").click()
        wait(lambda: "cannot reply here now" in desk.text("reply-window"), what="the DM precondition")
        wait(lambda: desk.by_id("follow-offer").is_displayed(), what="the follow request offer")
        assert "Please follow @acmesupport so we can help you privately." in desk.text("follow-offer")
        assert not desk.by_id("reply").is_enabled()
        desk.shot("x-follow-required")
        desk.accessible("the follow request")
        desk.by_id("follow-request").click()
        wait(lambda: desk.by_id("reply-public").is_selected() and desk.by_id("reply").is_enabled(), what="back to a public reply")
        assert desk.by_id("reply").get_attribute("value") == "Please follow @acmesupport so we can help you privately."
        desk.by_id("reply").send_keys(Keys.ENTER)
        wait(lambda: [json.loads(c["body"])["text"] for c in calls(sandbox_url, "/2/tweets")]
             == ["Please follow @acmesupport so we can help you privately."], timeout=15, what="the public follow request at X")
        assert not calls(sandbox_url, "/messages"), "no DM was tried"

        # She follows: the desktop says so and the next reply is a DM.
        assert requests.put(f"{sandbox_url}/_sandbox/x/state", json={"followers": [CUSTOMER]}, timeout=10).status_code == 204
        deliver(server.url, {"for_user_id": ACCOUNT, "follow_events": [{
            "type": "follow", "created_timestamp": str(int(time.time() * 1000)),
            "target": {"id": ACCOUNT}, "source": {"id": CUSTOMER, "screen_name": "rita_r"}}]})
        wait(lambda: "now follows you" in desk.text("composer-status"), timeout=15, what="the follow notice")
        wait(lambda: desk.by_id("reply-private").is_selected() and desk.by_id("reply").is_enabled(), what="the direct message mode")
        desk.shot("x-followed")
        desk.by_id("reply").send_keys("Thanks for following! What is your account number?", Keys.ENTER)
        wait(lambda: len(calls(sandbox_url, f"/2/dm_conversations/with/{CUSTOMER}/messages")) == 1, timeout=15, what="the DM at X")
        dm = calls(sandbox_url, f"/2/dm_conversations/with/{CUSTOMER}/messages")[0]
        assert dm["status"] == 201 and json.loads(dm["body"])["text"] == "Thanks for following! What is your account number?"
        wait(lambda: "private" in desk.bubbles()[-1].text and "Sent" in desk.bubbles()[-1].text, timeout=15, what="the DM marked private and sent")
        assert len(calls(sandbox_url, "/2/tweets")) == 1, "the DM did not go out as a tweet"

        # The collision guard: a supervisor writing in the same conversation is shown above the composer.
        token = login["csrfToken"]
        rita = [i for i in admin.get(f"{server.url}/api/v1/interactions", timeout=10).json()["interactions"]
                if i["threadKey"] == "tweet:1850000000000000901"][0]["id"]
        assert admin.put(f"{server.url}/api/v1/interactions/{rita}/composing", headers={"X-CSRF-Token": token}, timeout=10).status_code == 204
        wait(lambda: "is also writing in this conversation" in desk.text("collision"), timeout=15, what="the collision notice")
        assert admin.delete(f"{server.url}/api/v1/interactions/{rita}/composing", headers={"X-CSRF-Token": token}, timeout=10).status_code == 204
        wait(lambda: not desk.by_id("collision").is_displayed(), timeout=15, what="the collision notice to go")

        # An internal note: marked unmistakably in the timeline, sent nowhere; a note about the customer too.
        sent_before = len(requests.get(f"{sandbox_url}/_sandbox/calls", timeout=10).json())
        desk.by_id("note-mode").click()
        assert desk.text("send") == "Add note"
        desk.by_id("reply").send_keys("<b>Callback</b> promised for Monday \u202eok", Keys.ENTER)
        note = wait(lambda: d.find_elements(By.CSS_SELECTOR, "#messages .internal-note"), what="the note in the timeline")[0]
        assert "Internal note" in note.text and "not sent to the customer" in note.text and "<b>Callback</b> promised" in note.text, note.text
        assert not desk.by_id("note-mode").is_selected() and desk.text("send") == "Send", "back to replying after the note"
        contact_note = wait(lambda: desk.by_id("contact-note-text"), what="the contact note box")
        contact_note.send_keys("Prefers DMs; technical user")
        d.find_element(By.CSS_SELECTOR, ".contact-note-form button").click()
        wait(lambda: "Prefers DMs; technical user" in desk.text("contact-body"), what="the customer note")
        desk.shot("notes")
        desk.accessible("notes")
        time.sleep(1)
        assert len(requests.get(f"{sandbox_url}/_sandbox/calls", timeout=10).json()) == sent_before, "a note reached X"

        # Transfer (Alt+T) back to the queue with a note; as the only ready agent, Ann is offered it again and
        # finds the note in the timeline. A logged-out colleague is listed but cannot be chosen.
        desk.by_id("reply").send_keys(Keys.ALT, "t")
        wait(lambda: desk.by_id("transfer-dialog").is_displayed(), what="the transfer dialog")
        target = Select(desk.by_id("transfer-target"))
        wait(lambda: any(o.text == "Support" for o in target.options), what="the transfer targets")
        labels = {o.text: o.is_enabled() for o in target.options}
        assert labels.get("Bob Backup \u2014 Logged out") is False, labels
        desk.shot("transfer")
        desk.accessible("the transfer dialog")
        target.select_by_visible_text("Support")
        desk.by_id("transfer-note").send_keys("Needs a router engineer; customer follows us now")
        desk.by_id("transfer-confirm").click()
        wait(lambda: "transferred to Support" in desk.text("banner"), what="the transfer banner")
        offer = wait(lambda: desk.offers(), timeout=20, what="the offer after the transfer")[0]
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: any("Transfer note: Needs a router engineer" in n.text
                         for n in d.find_elements(By.CSS_SELECTOR, "#messages .internal-note")), what="the transfer note in the timeline")
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        server.kill()
