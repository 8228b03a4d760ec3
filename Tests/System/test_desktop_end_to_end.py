"""Issue 9's whole flow in one browser session, against `parley serve` and `parley sandbox` (X's API v2 stand-in):
sign in -> Ready -> arrival toast -> Accept -> read the history (the customer's earlier conversation, the contact
panel's facts) -> insert a standard response -> reply publicly -> Like -> move to private (X wants the follow
first; when it arrives the reply goes as a DM) -> transfer with a note -> wrap-up with a code, and the slot frees.
Every step is checked where it lands: in the page, at the sandbox, or through the API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from conftest import ADMIN_PASSWORD, ParleyProcess, free_port, parley_bin
from test_desktop_x_private import ACCOUNT, CUSTOMER, SECRET, calls, deliver

sys.path.insert(0, str(Path(__file__).parent / "desktop"))

CONFIG = f"""\
platforms:
  x:
    webhook_secret: {SECRET}
workgroups:
  - {{id: support, name: Support}}
channels:
  - {{id: acme-x, kind: x, account_id: "{ACCOUNT}", name: Acme on X, handle: acmesupport, workgroup: support, access_token: x-user-token}}
standard_responses:
  - id: outage
    title: Line drops
    category: Technical
    text: "Hi {{customer.first_name}}, sorry about the drops. I am {{agent.first_name}} and I will check your line."
    keywords: [dropping, drops]
  - id: refund
    title: Refund request
    category: Billing
    text: "Your refund reaches your card within 5 days."
    keywords: [refund]
"""
USER = {"id_str": CUSTOMER, "screen_name": "rita_r", "name": "Rita Router", "followers_count": 1520, "verified": False}


def tweet(url: str, tweet_id: str, text: str) -> None:
    deliver(url, {"for_user_id": ACCOUNT, "tweet_create_events": [{
        "id_str": tweet_id, "text": text, "user": USER, "entities": {"user_mentions": [{"id_str": ACCOUNT}]},
        "timestamp_ms": str(int(time.time() * 1000))}]})


def session(url: str, username: str, password: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    login = s.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password}, timeout=10)
    login.raise_for_status()
    return s, login.json()["csrfToken"]


def sentiment_word(score: float) -> str:
    """The contact panel's cut-offs (docs/agent-desktop.md)."""
    return "negative" if score <= -0.25 else "positive" if score >= 0.25 else "neutral"


def test_the_whole_agent_flow_in_one_session(chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from desktop_flow import AGENT, Desk, create_agent, wait

    sandbox_port = free_port()
    binary = os.path.abspath(parley_bin())
    server = ParleyProcess(binary, Path(tempfile.mkdtemp(prefix="parley-e2e-desk-")), config=CONFIG,
                           extra_args=["--platform-api", f"http://127.0.0.1:{sandbox_port}"])
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox = subprocess.Popen([binary, "sandbox", "--port", str(sandbox_port), "--parley", server.url, "--secret", SECRET],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server.start()
        wait(lambda: requests.get(f"{sandbox_url}/_sandbox/calls", timeout=2).status_code == 200, what="the sandbox")
        # The content analyzer's models load in the background: wait, so the interactions are scored.
        wait(lambda: requests.get(f"{server.url}/readyz", timeout=5).json()["checks"].get("content_models") == "available", timeout=120,
             what="the content models")
        create_agent(server.url)
        admin, admin_token = session(server.url, "admin", ADMIN_PASSWORD)
        assert admin.post(f"{server.url}/api/v1/users", headers={"X-CSRF-Token": admin_token}, timeout=10,
                          json={"username": "bob", "displayName": "Bob Backup", "password": "bob-long-password", "roles": ["agent"],
                                "workgroups": ["support"]}).status_code == 201
        codes = {c["name"]: c["id"] for c in admin.get(f"{server.url}/api/v1/wrap-up-codes", timeout=10).json()["codes"]}

        # History to read later: Rita wrote last week; Ann handled it through the API and wrapped it up.
        ann, ann_token = session(server.url, AGENT[0], AGENT[2])
        assert ann.put(f"{server.url}/api/v1/me/state", json={"state": "ready"}, headers={"X-CSRF-Token": ann_token}, timeout=10).ok
        tweet(server.url, "1850000000000000801", "@acmesupport is the fibre upgrade available on my street?")
        earlier = wait(lambda: [i for i in ann.get(f"{server.url}/api/v1/interactions", timeout=10).json()["interactions"]
                                if i["state"] == "offered"], timeout=15, what="the earlier offer")[0]["id"]
        assert ann.post(f"{server.url}/api/v1/interactions/{earlier}/accept", headers={"X-CSRF-Token": ann_token}, timeout=10).ok
        assert ann.post(f"{server.url}/api/v1/interactions/{earlier}/wrap-up", json={"code": codes["Up Sell"]},
                        headers={"X-CSRF-Token": ann_token}, timeout=10).ok
        assert ann.put(f"{server.url}/api/v1/me/state", json={"state": "logged_out"}, headers={"X-CSRF-Token": ann_token}, timeout=10).ok

        # 1. Sign in and go Ready.
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium
        desk.sign_in_ready()

        # 2. Arrival: a toast with the channel, the customer, the first words and a countdown.
        tweet(server.url, "1850000000000000901", "@acmesupport my router keeps dropping the line, third time today")
        offer = wait(lambda: desk.offers(), timeout=15, what="the arrival toast")[0]
        wait(lambda: "Rita Router" in offer.text and "router keeps dropping" in offer.text and "Acme on X" in offer.text
             and "Accept within" in offer.text, what="the toast's content")
        desk.shot("e2e-offer")

        # 3. Accept: the conversation opens with the tweet.
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: not desk.offers(), what="the toast to go")
        wait(lambda: any("router keeps dropping" in t for t in desk.bubble_texts()), what="the tweet in the conversation")

        # 4. History: the earlier conversation and its outcome; the contact's facts as the API has them.
        wait(lambda: "1 earlier conversation" in desk.text("contact-body"), timeout=15, what="the history")
        assert "Up Sell" in desk.text("contact-body"), desk.text("contact-body")
        current = [i for i in admin.get(f"{server.url}/api/v1/interactions", timeout=10).json()["interactions"]
                   if i["threadKey"] == "tweet:1850000000000000901"][0]
        scores = current["scores"]
        assert scores.get("influence") is not None and scores.get("sentiment") is not None, scores
        facts = {f.get_attribute("data-fact"): f.text for f in d.find_elements(By.CSS_SELECTOR, "#contact-facts dd")}
        contact = admin.get(f"{server.url}/api/v1/contacts/{current['contactId']}", timeout=10).json()
        assert contact.get("followerCount") == 1520, contact
        assert facts["audience"] == "1,520 followers", facts
        assert facts["follows"] == {True: "Yes", False: "No"}.get(contact.get("followsCompany"), "no data"), (facts, contact)
        assert facts["follows"] != "Yes", "she does not follow yet"
        assert facts["influence"] == (f"{round(scores['influence'])} / 100" if scores.get("influence") is not None else "no data"), (facts, scores)
        if scores.get("sentiment") is None:
            assert facts["sentiment"] == "no data", (facts, scores)
        else:
            assert facts["sentiment"].startswith(sentiment_word(scores["sentiment"]) + " ("), (facts, scores)

        # 5. A standard response (Alt+S): the matching one first, inserted filled in, then edited.
        reply = desk.by_id("reply")
        reply.click()
        reply.send_keys(Keys.ALT, "s")
        wait(lambda: desk.by_id("responses-dialog").is_displayed(), what="the responses panel")
        first = wait(lambda: d.find_elements(By.CSS_SELECTOR, "#responses-list .response-option"), what="the responses")[0]
        assert "Line drops" in first.text, first.text
        desk.by_id("responses-search").send_keys(Keys.ENTER)
        wait(lambda: not desk.by_id("responses-dialog").is_displayed(), what="the panel to close")
        filled = "Hi Rita, sorry about the drops. I am Ann and I will check your line."
        assert reply.get_attribute("value") == filled, reply.get_attribute("value")

        # 6. Reply publicly (Enter): X receives exactly the edited text as a tweet.
        reply.send_keys(" DM us your account number?", Keys.ENTER)
        public = filled + " DM us your account number?"
        wait(lambda: [json.loads(c["body"])["text"] for c in calls(sandbox_url, "/2/tweets")] == [public], timeout=15,
             what="the public reply at X")
        wait(lambda: "Sent" in desk.bubbles()[-1].text, timeout=15, what="the reply marked sent")

        # 7. Like the customer's tweet: once, and marked done.
        desk.bubbles()[0].find_element(By.XPATH, ".//button[text()='Like']").click()
        wait(lambda: len(calls(sandbox_url, f"/2/users/{ACCOUNT}/likes")) == 1, timeout=15, what="the like at X")
        wait(lambda: "Liked" in desk.bubbles()[0].text, timeout=15, what="the like marked done")

        # 8. Move to private: X wants the follow first; once it arrives the panel and composer say so and the DM goes.
        desk.by_id("reply-private").click()
        wait(lambda: "cannot reply here now" in desk.text("reply-window"), what="the DM precondition")
        assert not desk.by_id("reply").is_enabled()
        assert requests.put(f"{sandbox_url}/_sandbox/x/state", json={"followers": [CUSTOMER]}, timeout=10).status_code == 204
        deliver(server.url, {"for_user_id": ACCOUNT, "follow_events": [{
            "type": "follow", "created_timestamp": str(int(time.time() * 1000)),
            "target": {"id": ACCOUNT}, "source": {"id": CUSTOMER, "screen_name": "rita_r"}}]})
        wait(lambda: "now follows you" in desk.text("composer-status"), timeout=15, what="the follow notice")
        wait(lambda: d.find_element(By.CSS_SELECTOR, "#contact-facts dd[data-fact='follows']").text == "Yes", timeout=15,
             what="the contact panel's follows-us flag")
        wait(lambda: desk.by_id("reply-private").is_selected() and desk.by_id("reply").is_enabled(), what="the direct message mode")
        desk.by_id("reply").send_keys("Thanks, Rita. Your account number, please?", Keys.ENTER)
        wait(lambda: len(calls(sandbox_url, f"/2/dm_conversations/with/{CUSTOMER}/messages")) == 1, timeout=15, what="the DM at X")
        dm = calls(sandbox_url, f"/2/dm_conversations/with/{CUSTOMER}/messages")[0]
        assert json.loads(dm["body"])["text"] == "Thanks, Rita. Your account number, please?"
        assert len(calls(sandbox_url, "/2/tweets")) == 1, "the DM did not go out as a tweet"
        desk.shot("e2e-conversation")

        # 9. Transfer (Alt+T) to the workgroup with a note; Bob is away, so it comes back to Ann with the note.
        desk.by_id("reply").send_keys(Keys.ALT, "t")
        wait(lambda: desk.by_id("transfer-dialog").is_displayed(), what="the transfer dialog")
        target = Select(desk.by_id("transfer-target"))
        wait(lambda: any(o.text == "Support" for o in target.options), what="the transfer targets")
        target.select_by_visible_text("Support")
        desk.by_id("transfer-note").send_keys("Line drops since Monday; account number asked by DM")
        desk.by_id("transfer-confirm").click()
        wait(lambda: "transferred to Support" in desk.text("banner"), what="the transfer banner")
        offer = wait(lambda: desk.offers(), timeout=20, what="the offer after the transfer")[0]
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: any("Transfer note: Line drops since Monday" in n.text
                         for n in d.find_elements(By.CSS_SELECTOR, "#messages .internal-note")), what="the transfer note")

        # 10. Wrap up (Alt+W) with a code: the conversation leaves the list and the slot is free.
        desk.by_id("reply").send_keys(Keys.ALT, "w")
        dialog = wait(lambda: desk.by_id("wrapup-dialog").is_displayed() and desk.by_id("wrapup-dialog"), what="the wrap-up dialog")
        dialog.find_element(By.XPATH, ".//label[span[text()='Processed']]").click()
        desk.by_id("wrapup-confirm").click()
        wait(lambda: not desk.list_items(), what="the list to empty")
        wait(lambda: "Wrapped up: Processed" in desk.text("banner"), what="the wrap-up banner")
        closed = admin.get(f"{server.url}/api/v1/interactions/{current['id']}?limit=1", timeout=10).json()["interaction"]
        assert closed["state"] == "closed" and closed["wrapUpCode"] == codes["Processed"], closed
        state = ann.get(f"{server.url}/api/v1/me/state", timeout=10).json()
        assert state["state"] == "ready", state
        held = [i for i in ann.get(f"{server.url}/api/v1/interactions", timeout=10).json()["interactions"] if i["state"] != "closed"]
        assert not held, held
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        server.kill()
