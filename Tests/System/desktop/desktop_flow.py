"""The agent desktop in a real browser, against a real `parley serve`: one agent's working session.

    python3 Tests/System/desktop/desktop_flow.py [--binary PATH] [--screenshots DIR] [--proxy auto|always|never]

Starts `parley serve` on a free port with two web-messaging channels (one auto-closes after 6 s of silence) and
a Messenger page, creates the agent `ann`, and drives headless Chromium (`/usr/bin/chromium`,
`/usr/bin/chromedriver`, `--no-sandbox`, a 1280x720 viewport): sign-in (wrong password first) -> Ready -> a
visitor writes -> offer toast -> Accept -> reply with Enter (the visitor receives it) -> an image -> a hostile
corpus shown as text with nothing executed -> a 50 KB Messenger message -> a reply the platform refuses ->
drafts survive switching -> unread counts -> the server is SIGKILLed, a reply is queued and sent exactly once
after the restart -> the browser's network is cut while the customer writes -> a reload keeps the draft -> the
session ends elsewhere -> wrap-up with a code -> Alt+W / Escape -> RONA -> Decline -> Alt+A and an auto-close
-> no CSP violation logged -> sign out. When `axe-selenium-python` is installed, axe-core checks the main
screens for serious or critical accessibility violations.

With `--proxy auto` (the default) the page comes from `DesktopAssets.swift` through `dev_proxy.py` whenever the
binary does not serve `/` itself; `--proxy always` tests the Swift source as it is now, without a rebuild.
Screenshots go to DIR (default /tmp) as desktop-*.png. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
import traceback
import uuid
import zlib
from pathlib import Path

import requests
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from conftest import ADMIN_PASSWORD, ParleyProcess, free_port  # noqa: E402
import dev_proxy  # noqa: E402

WEB_ACCOUNT = "acme-web"
QUICK_ACCOUNT = "acme-quick"
PAGE_ID = "103149398319188"
META_SECRET = "desktop-test-secret"
CONFIG = f"""\
platforms:
  meta:
    webhook_secret: {META_SECRET}
workgroups:
  - {{id: support, name: Support}}
channels:
  - {{id: web, kind: web_messaging, account_id: {WEB_ACCOUNT}, name: Acme chat, workgroup: support}}
  - {{id: quick, kind: web_messaging, account_id: {QUICK_ACCOUNT}, name: Acme quick chat, workgroup: support, inactivity_timeout: 6s}}
  - {{id: messenger, kind: messenger, account_id: "{PAGE_ID}", name: Acme Messenger, workgroup: support, max_retry_duration: 2s}}
"""
AGENT = ("ann", "Ann Agent", "ann-desktop-pass")

HOSTILE = [
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<script>window.__pwned=2;alert(2)</script>",
    '<svg onload="window.__pwned=3"><a href="javascript:alert(3)">click me</a></svg>',
    "javascript:alert(4) and a real link https://example.com/help?x=1&y=<b>2</b>",
    "\u202egnp.exe is what the file is called \u2066\u200b\u200d\ufeff zero-width and isolates",
    "\"'><iframe src=//evil.example></iframe>{{7*7}}${7*7}",
]


# --------------------------------------------------------------------------------------------------
# People outside the browser: the admin, the web visitor, a Messenger customer
# --------------------------------------------------------------------------------------------------


def create_agent(url: str) -> None:
    admin = requests.Session()
    login = admin.post(f"{url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
    login.raise_for_status()
    username, name, password = AGENT
    made = admin.post(f"{url}/api/v1/users", headers={"X-CSRF-Token": login.json()["csrfToken"]}, timeout=10,
                      json={"username": username, "displayName": name, "password": password, "roles": ["agent"],
                            "workgroups": ["support"]})
    assert made.status_code == 201, made.text


class Visitor:
    def __init__(self, url: str, name: str, account: str = WEB_ACCOUNT):
        self.url = url
        self.account = account
        made = requests.post(f"{url}/messenger/v1/{account}/visitors", json={"name": name}, timeout=10)
        assert made.status_code == 201, made.text
        self.headers = {"X-Visitor-Token": made.json()["token"]}

    def say(self, text: str) -> None:
        key = str(uuid.uuid4())
        for _ in range(20):
            try:
                sent = requests.post(f"{self.url}/messenger/v1/{self.account}/messages", json={"text": text}, timeout=10,
                                     headers={**self.headers, "Idempotency-Key": key})
                if sent.status_code == 202:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the visitor could not send {text[:40]!r}")

    def send_image(self, text: str, png: bytes, filename: str) -> None:
        stored = requests.post(f"{self.url}/messenger/v1/{self.account}/uploads", data=png, timeout=10,
                               headers={**self.headers, "Content-Type": "image/png"})
        assert stored.status_code == 201, stored.text
        sent = requests.post(f"{self.url}/messenger/v1/{self.account}/messages", timeout=10,
                             headers={**self.headers, "Idempotency-Key": str(uuid.uuid4())},
                             json={"text": text, "attachments": [{"url": stored.json()["url"], "filename": filename}]})
        assert sent.status_code == 202, sent.text

    def messages(self) -> list[dict]:
        got = requests.get(f"{self.url}/messenger/v1/{self.account}/messages", headers=self.headers, timeout=10)
        got.raise_for_status()
        return got.json()["messages"]


def tiny_png(width: int = 48, height: int = 32) -> bytes:
    """A real PNG: an orange box."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xe0\x80\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def messenger_customer_says(url: str, sender: str, text: str) -> None:
    body = json.dumps({"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": [{
        "sender": {"id": sender}, "recipient": {"id": PAGE_ID}, "timestamp": int(time.time() * 1000),
        "message": {"mid": "m_" + uuid.uuid4().hex, "text": text}}]}]}, separators=(",", ":")).encode()
    signature = "sha256=" + hmac.new(META_SECRET.encode(), body, hashlib.sha256).hexdigest()
    sent = requests.post(f"{url}/webhooks/meta", data=body, timeout=15,
                         headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"})
    assert sent.status_code == 200, sent.text


# --------------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------------


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800",
                     "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    return driver


def wait(predicate, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (StaleElementReferenceException, AssertionError) as error:
            last_error = error
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))


class Desk:
    """The page as an agent sees it."""

    def __init__(self, driver: webdriver.Chrome, url: str, shots: Path):
        self.d = driver
        self.url = url
        self.shots = shots

    def shot(self, name: str) -> None:
        path = self.shots / f"desktop-{name}.png"
        self.d.save_screenshot(str(path))
        print(f"    screenshot {path}")

    def accessible(self, screen: str) -> None:
        """axe-core (from `axe-selenium-python`, when installed) finds no serious or critical violation."""
        try:
            from axe_selenium_python import Axe
        except ImportError:
            print(f"    accessibility check of {screen} skipped: pip install axe-selenium-python")
            return
        axe = Axe(self.d)
        axe.inject()
        results = axe.run()
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
        minor = sorted({v["id"] for v in results["violations"]} - {b[0] for b in bad})
        assert not bad, f"{screen}: {bad}"
        print(f"    axe: no serious or critical violation on {screen}" + (f" (minor: {', '.join(minor)})" if minor else ""))

    def sign_in_ready(self) -> None:
        """Opens the desktop, signs in as the flow's agent and goes Ready."""
        self.d.get(self.url + "/")
        wait(lambda: self.by_id("signin-username").is_displayed(), what="the sign-in form")
        self.by_id("signin-username").send_keys(AGENT[0])
        self.by_id("signin-password").send_keys(AGENT[2] + Keys.ENTER)
        wait(lambda: self.connection() == "Live", what="the live desktop")
        Select(self.by_id("state-select")).select_by_visible_text("Ready")
        wait(lambda: "ready" in self.by_id("state-dot").get_attribute("class").split(), what="ready")

    def by_id(self, element_id: str):
        return self.d.find_element(By.ID, element_id)

    def text(self, element_id: str) -> str:
        return self.by_id(element_id).text

    def offers(self):
        return self.d.find_elements(By.CSS_SELECTOR, "#offers .offer")

    def list_items(self):
        return self.d.find_elements(By.CSS_SELECTOR, "#conversation-list .conv-item")

    def item_named(self, name: str):
        for item in self.list_items():
            if item.find_element(By.CSS_SELECTOR, ".conv-name").text == name:
                return item
        return None

    def bubbles(self):
        return self.d.find_elements(By.CSS_SELECTOR, "#messages .msg")

    def bubble_texts(self) -> list[str]:
        return [b.find_element(By.CSS_SELECTOR, ".msg-text").get_attribute("textContent")
                for b in self.bubbles() if b.find_elements(By.CSS_SELECTOR, ".msg-text")]

    def connection(self) -> str:
        return self.text("connection-text")

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def no_alert(self) -> None:
        try:
            alert = self.d.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise AssertionError(f"a dialog opened: {text!r}")
        except NoAlertPresentException:
            pass

    def console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.d.get_log("browser") if entry["level"] == "SEVERE"]


# --------------------------------------------------------------------------------------------------
# The flow
# --------------------------------------------------------------------------------------------------


class Flow:
    def __init__(self, binary: str, shots: Path, proxy_mode: str):
        self.binary = binary
        self.shots = shots
        self.proxy_mode = proxy_mode
        self.workdir = Path(tempfile.mkdtemp(prefix="parley-desktop-"))
        self.server = ParleyProcess(binary, self.workdir, config=CONFIG, extra_args=["--offer-timeout", "30", "--inactivity-sweep", "1"])
        self.proxy = None
        self.driver = None
        self.steps = 0

    def step(self, title: str) -> None:
        self.steps += 1
        print(f"[{self.steps:2}] {title}", flush=True)

    def start(self) -> str:
        self.server.start()
        create_agent(self.server.url)
        served = requests.get(self.server.url + "/", timeout=10)
        use_proxy = self.proxy_mode == "always" or (self.proxy_mode == "auto" and served.status_code == 404)
        if not use_proxy:
            assert served.status_code == 200, served.status_code
            return self.server.url
        port = free_port()
        self.proxy = dev_proxy.serve(port, f"127.0.0.1:{self.server.port}")
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        print(f"    the binary does not serve / yet: assets from DesktopAssets.swift via the dev proxy on {port}")
        return f"http://127.0.0.1:{port}"

    def close(self) -> None:
        if self.driver:
            self.driver.quit()
        if self.proxy:
            self.proxy.shutdown()
        self.server.kill()

    def run(self) -> None:
        url = self.start()
        api = self.server.url

        self.step("the page is served with its security headers")
        page = requests.get(url + "/", timeout=10)
        assert page.headers["Content-Type"] == "text/html; charset=utf-8", page.headers
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, csp
        for asset, kind in (("/desktop/app.js", "text/javascript"), ("/desktop/app.css", "text/css")):
            got = requests.get(url + asset, timeout=10)
            assert got.status_code == 200 and got.headers["Content-Type"].startswith(kind), (asset, got.headers)
            assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Cache-Control"] == "no-cache"

        self.driver = browser()
        desk = Desk(self.driver, url, self.shots)
        d = self.driver

        self.step("sign-in: a wrong password is refused, the right one opens the desktop")
        d.get(url + "/")
        wait(lambda: desk.by_id("signin-username").is_displayed(), what="the sign-in form")
        desk.shot("signin")
        desk.accessible("the sign-in form")
        desk.by_id("signin-username").send_keys(AGENT[0])
        desk.by_id("signin-password").send_keys("wrong-password" + Keys.ENTER)
        wait(lambda: "do not match" in desk.text("signin-error"), what="the wrong-password message")
        desk.by_id("signin-password").send_keys(AGENT[2] + Keys.ENTER)
        wait(lambda: desk.by_id("desk").is_displayed(), what="the desktop")
        wait(lambda: desk.text("agent-name") == AGENT[1], what="the agent's name")
        wait(lambda: desk.connection() == "Live", what="the live indicator")

        self.step("Ready from the state selector; time in state counts")
        state = Select(desk.by_id("state-select"))
        labels = [o.text for o in state.options]
        assert "Ready" in labels and "Not ready \u2014 Lunch" in labels and "Logged out" in labels, labels
        assert not any("RONA" in label or "Disconnected" in label for label in labels), labels
        state.select_by_visible_text("Ready")
        wait(lambda: "ready" in desk.by_id("state-dot").get_attribute("class").split(), what="the ready dot")
        wait(lambda: desk.text("state-time") in ("0:01", "0:02", "0:03"), what="the state clock")
        desk.shot("ready")

        self.step("a visitor writes: the offer toast shows channel, customer, first words and a countdown")
        vera = Visitor(api, "Vera Visitor")
        vera.say("Hello! My parcel #4411 has not arrived and the tracking page says delivered.")
        offer = wait(lambda: desk.offers(), what="the offer toast")[0]
        wait(lambda: "Vera Visitor" in offer.text and "parcel #4411" in offer.text and ("Acme chat" in offer.text or "web" in offer.text),
             what="the offer's details")
        wait(lambda: "Accept within" in offer.text and "offered 0:0" in offer.text, what="the countdown")
        assert d.title.startswith("(1 new)"), d.title
        desk.shot("offer")
        desk.accessible("the desk with an offer")

        self.step("Accept: the conversation opens with the customer's message, the contact panel fills")
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: not desk.offers(), what="the toast to go")
        wait(lambda: desk.text("conversation-title") == "Vera Visitor", what="the open conversation")
        wait(lambda: any("parcel #4411" in t for t in desk.bubble_texts()), what="the customer's message")
        wait(lambda: "Vera Visitor" in desk.text("contact-body") and "Web chat" in desk.text("contact-body"), what="the contact panel")
        wait(lambda: "first conversation" in desk.text("contact-body"), what="the history count")
        assert d.switch_to.active_element == desk.by_id("reply"), "the reply box should have the focus after Accept"

        self.step("reply: Enter sends, Shift+Enter is a new line; the visitor receives it")
        reply = desk.by_id("reply")
        reply.send_keys("Hi Vera, sorry about that.")
        reply.send_keys(Keys.SHIFT, Keys.ENTER)
        reply.send_keys("Let me check with the courier.", Keys.ENTER)
        wanted = "Hi Vera, sorry about that.\nLet me check with the courier."
        wait(lambda: wanted in desk.bubble_texts(), what="our bubble")
        wait(lambda: "Sent" in desk.bubbles()[-1].text, what="the Sent status")
        assert reply.get_attribute("value") == ""
        wait(lambda: [m["text"] for m in vera.messages() if m["direction"] == "outbound"] == [wanted], what="the visitor to get the reply")
        desk.shot("conversation")

        self.step("an image from the visitor shows inline, from Parley's own origin")
        vera.send_image("This is the box it came in", tiny_png(), "box<script>.png")
        image = wait(lambda: d.find_elements(By.CSS_SELECTOR, "#messages .attachments img"), what="the image")[0]
        wait(lambda: desk.js("return arguments[0].complete && arguments[0].naturalWidth", image) == 48, what="the image to load")
        assert image.get_attribute("src").startswith(url + "/messenger/uploads/"), image.get_attribute("src")
        assert image.get_attribute("alt") == "Image from the customer: box<script>.png"
        desk.shot("image")

        self.step("a hostile corpus arrives: it is shown as text and nothing executes")
        for text in HOSTILE:
            vera.say(text)
        wait(lambda: all(t in desk.bubble_texts() for t in HOSTILE), what="every hostile message as text")
        desk.no_alert()
        assert desk.js("return window.__pwned === undefined"), "a payload ran"
        assert desk.js("return document.querySelectorAll('#messages img').length") == 1, "only the uploaded image"
        assert not desk.js("return document.querySelectorAll('#messages script, #messages svg, #messages iframe, #messages [onerror]').length")
        links = desk.js("return Array.from(document.querySelectorAll('#messages .msg-text a')).map(a => [a.href, a.rel, a.target])")
        assert links == [["https://example.com/help?x=1&y=", "noopener noreferrer", "_blank"]], links
        fetched = desk.js("return performance.getEntriesByType('resource').map(e => e.name)")
        assert not [n for n in fetched if n.endswith("/x") or "evil" in n or "example.com" in n], fetched
        rtl = [b for b in desk.d.find_elements(By.CSS_SELECTOR, "#messages .msg-text") if "gnp.exe" in b.get_attribute("textContent")][0]
        assert rtl.get_attribute("dir") == "auto"
        desk.shot("hostile")
        desk.accessible("a conversation")

        self.step("a 50 KB Messenger message arrives as a second conversation, collapsed until asked")
        big = ("Long story. " * 4300)[:50000]
        messenger_customer_says(api, "7788990011", big)
        offer = wait(lambda: desk.offers(), what="the second offer")[0]
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: len(desk.list_items()) == 2, what="two conversations")
        wait(lambda: any(len(t) == 50000 for t in desk.bubble_texts()), what="the 50 KB message")
        messenger_item = [i for i in desk.list_items() if "Vera" not in i.text][0]
        wait(lambda: "closes in 6 d" in messenger_item.text, timeout=15, what="Messenger's 7-day window (24 h, then the human-agent tag) counted down in the list")
        assert "closes in" not in desk.item_named("Vera Visitor").text, "web chat has no window"
        more = desk.d.find_element(By.CSS_SELECTOR, "#messages .more")
        assert "50,000 characters" in more.text and more.get_attribute("aria-expanded") == "false"
        height = desk.js("return document.querySelector('#messages .msg-text').getBoundingClientRect().height")
        assert height < 400, height
        more.click()
        assert more.get_attribute("aria-expanded") == "true"
        desk.shot("long-message")
        more.click()

        self.step("a reply the platform refuses is marked failed with its reason")
        desk.by_id("reply").send_keys("This reply cannot reach Messenger in the test.", Keys.ENTER)
        wait(lambda: "Not delivered" in desk.bubbles()[-1].text, timeout=40, what="the failed status")
        failed = desk.bubbles()[-1]
        assert "failed" in failed.get_attribute("class")

        self.step("attach image: a file that is not an image is refused before anything is uploaded")
        not_image = self.workdir / "invoice.txt"
        not_image.write_text("not an image")
        desk.js("document.getElementById('attach-file').hidden = false")
        desk.by_id("attach-file").send_keys(str(not_image))
        wait(lambda: "invoice.txt is not a PNG, JPEG, GIF or WebP image" in desk.text("composer-status"), what="the refusal")
        desk.js("document.getElementById('attach-file').hidden = true")
        uploads = desk.js("return performance.getEntriesByType('resource').filter(e => e.name.indexOf('/api/v1/uploads') >= 0).length")
        assert uploads == 0, uploads
        assert not desk.by_id("attachment-chip").is_displayed()

        self.step("drafts are kept per conversation when switching")
        desk.by_id("reply").send_keys("draft for messenger")
        desk.item_named("Vera Visitor").click()
        wait(lambda: desk.text("conversation-title") == "Vera Visitor", what="switch to Vera")
        assert desk.by_id("reply").get_attribute("value") == ""
        desk.by_id("reply").send_keys("draft for Vera")
        other = [i for i in desk.list_items() if "Vera" not in i.text][0]
        other.click()
        wait(lambda: desk.text("conversation-title") != "Vera Visitor", what="switch back")
        assert desk.by_id("reply").get_attribute("value") == "draft for messenger"
        desk.by_id("reply").clear()

        self.step("a message in the other conversation raises its unread count")
        vera.say("Are you still there?")
        wait(lambda: desk.item_named("Vera Visitor").find_element(By.CSS_SELECTOR, ".badge").text == "1", what="the unread badge")
        assert "1 unread" in desk.item_named("Vera Visitor").get_attribute("textContent")
        desk.shot("unread")
        desk.item_named("Vera Visitor").click()
        wait(lambda: desk.by_id("reply").get_attribute("value") == "draft for Vera", what="Vera's draft")
        wait(lambda: not desk.item_named("Vera Visitor").find_element(By.CSS_SELECTOR, ".badge").is_displayed(), what="read")

        self.step("the server is killed mid-conversation: a reply is queued and sent once after the restart")
        desk.by_id("reply").clear()
        self.server.sigkill()
        wait(lambda: desk.connection().startswith("Reconnecting"), what="the reconnecting indicator")
        desk.by_id("reply").send_keys("Sent while Parley was down.", Keys.ENTER)
        wait(lambda: "Queued" in desk.bubbles()[-1].text or "Waiting to send" in desk.bubbles()[-1].text, what="the queued bubble")
        wait(lambda: "connection to Parley is lost" in desk.text("banner"), timeout=8, what="the offline banner")
        desk.shot("offline")
        self.server.start()
        wait(lambda: desk.connection() == "Live", timeout=45, what="live again")
        wait(lambda: [m["text"] for m in vera.messages()].count("Sent while Parley was down.") == 1, what="the queued reply")
        wait(lambda: "Sent" in desk.bubbles()[-1].text, what="the queued reply marked sent")
        assert desk.bubble_texts().count("Sent while Parley was down.") == 1, desk.bubble_texts()
        vera.say("Got it, thanks")
        wait(lambda: "Got it, thanks" in desk.bubble_texts(), what="a message after the restart")

        self.step("the browser loses its network while the customer writes; nothing is lost when it returns")
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        desk.js("window.dispatchEvent(new Event('offline'))")
        wait(lambda: desk.connection().startswith("Reconnecting"), timeout=15, what="the page to notice the cut")
        vera.say("One more thing while you were away")
        desk.by_id("reply").send_keys("Written offline.", Keys.ENTER)
        time.sleep(2)
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        desk.js("window.dispatchEvent(new Event('online'))")
        wait(lambda: "One more thing while you were away" in desk.bubble_texts(), timeout=45, what="the missed message")
        wait(lambda: [m["text"] for m in vera.messages()].count("Written offline.") == 1, timeout=45, what="the offline reply, once")
        wait(lambda: desk.connection() == "Live", timeout=45, what="live after the cut")

        self.step("a page reload keeps the conversation, its draft and the stream position")
        desk.by_id("reply").send_keys("a draft across reloads")
        time.sleep(0.6)
        d.refresh()
        wait(lambda: desk.text("conversation-title") == "Vera Visitor", what="the conversation after reload")
        wait(lambda: desk.by_id("reply").get_attribute("value") == "a draft across reloads", what="the draft after reload")
        desk.by_id("reply").clear()
        desk.by_id("reply").send_keys(" ")
        desk.by_id("reply").clear()

        self.step("the session ends elsewhere: a reply asks for sign-in again, then goes out once")
        cookie = {c["name"]: c["value"] for c in d.get_cookies()}
        elsewhere = requests.Session()
        elsewhere.cookies.update(cookie)
        token = elsewhere.get(f"{api}/api/v1/me", timeout=10).json()["csrfToken"]
        assert elsewhere.post(f"{api}/api/v1/auth/logout", headers={"X-CSRF-Token": token}, timeout=10).status_code in (200, 204)
        desk.by_id("reply").send_keys("Sent after signing in again.", Keys.ENTER)
        wait(lambda: desk.by_id("signin").is_displayed(), what="the sign-in form after the session ended")
        assert "session has ended" in desk.text("signin-notice")
        desk.by_id("signin-username").clear()
        desk.by_id("signin-username").send_keys(AGENT[0])
        desk.by_id("signin-password").send_keys(AGENT[2] + Keys.ENTER)
        wait(lambda: desk.text("conversation-title") == "Vera Visitor", what="back in Vera's conversation")
        wait(lambda: [m["text"] for m in vera.messages()].count("Sent after signing in again.") == 1, what="the reply, once")
        wait(lambda: desk.bubble_texts().count("Sent after signing in again.") == 1, what="the reply in the page, once")

        self.step("wrap-up with a code: the conversation leaves the list")
        desk.by_id("wrapup-open").click()
        dialog = desk.by_id("wrapup-dialog")
        wait(lambda: dialog.is_displayed(), what="the wrap-up dialog")
        codes = [label.text for label in dialog.find_elements(By.CSS_SELECTOR, "#wrapup-codes label")]
        assert "Processed" in codes, codes
        desk.shot("wrapup")
        desk.accessible("the wrap-up dialog")
        dialog.find_element(By.XPATH, ".//label[normalize-space()='Processed']").click()
        desk.by_id("wrapup-confirm").click()
        wait(lambda: desk.item_named("Vera Visitor") is None, what="Vera to leave the list")
        wait(lambda: len(desk.list_items()) == 1, what="one conversation left")
        desk.shot("after-wrapup")

        self.step("keyboard: Alt+W opens wrap-up for the remaining conversation, Escape closes it")
        desk.by_id("reply").send_keys(Keys.ALT, "w")
        wait(lambda: desk.by_id("wrapup-dialog").is_displayed(), what="the dialog by keyboard")
        d.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait(lambda: not desk.by_id("wrapup-dialog").is_displayed(), what="the dialog to close")

        self.step("an offer left alone: RONA ends it and the header says why the agent is not ready")
        rita = Visitor(api, "Rita Late")
        rita.say("Anyone there?")
        offer = wait(lambda: desk.offers(), what="Rita's offer")[0]
        wait(lambda: "Not answered in time" in offer.text, timeout=45, what="the RONA note on the toast")
        wait(lambda: Select(desk.by_id("state-select")).first_selected_option.text == "Not ready \u2014 RONA (missed an offer)",
             what="the RONA state")
        assert "did not answer an offer in time" in desk.text("banner")
        desk.shot("rona")
        desk.accessible("the RONA state")
        wait(lambda: not desk.offers(), what="the RONA toast to go")

        self.step("Ready again; Decline sends an offer away")
        Select(desk.by_id("state-select")).select_by_visible_text("Ready")
        wait(lambda: "ready" in desk.by_id("state-dot").get_attribute("class").split(), what="ready again")
        wait(lambda: not desk.text("banner"), what="the RONA banner to clear")
        # A missed offer is not a decline: ready again, the agent is offered Rita again; Decline sends her away for good.
        offer = wait(lambda: [o for o in desk.offers() if "Rita Late" in o.text], timeout=15, what="Rita's offer again")[0]
        offer.find_element(By.XPATH, ".//button[text()='Decline']").click()
        wait(lambda: offer not in desk.offers(), what="Rita's declined toast to go")
        self.step("alerts on, tab in the background: an offer raises a browser notification and a tone")
        desk.js("""
            window.__notes = [];
            window.__oscillators = 0;
            window.Notification = function (title, options) { window.__notes.push([title, options.body]); this.close = function () {}; };
            window.Notification.permission = 'granted';
            window.Notification.requestPermission = function () { return Promise.resolve('granted'); };
            window.AudioContext = function () {
              this.currentTime = 0;
              this.destination = {};
              this.createOscillator = function () {
                window.__oscillators++;
                return { frequency: {}, connect: function (g) { return g; }, start: function () {}, stop: function () {} };
              };
              this.createGain = function () {
                return { gain: { setValueAtTime: function () {}, exponentialRampToValueAtTime: function () {} }, connect: function (d) { return d; } };
              };
            };
            Object.defineProperty(document, 'hidden', { configurable: true, get: function () { return true; } });
        """)
        desk.by_id("alerts-toggle").click()
        wait(lambda: desk.by_id("alerts-toggle").get_attribute("aria-pressed") == "true", what="alerts on")
        dan = Visitor(api, "Dan Declined")
        dan.say("Quick question about sizes")
        offer = wait(lambda: [o for o in desk.offers() if "Dan Declined" in o.text], timeout=15, what="Dan's offer")[0]
        notes = wait(lambda: desk.js("return window.__notes"), what="the notification")
        assert len(notes) == 1 and notes[0][0].startswith("New conversation") and "Dan Declined: Quick question about sizes" in notes[0][1], notes
        assert desk.js("return window.__oscillators") == 2, "a two-note tone"
        desk.js("Object.defineProperty(document, 'hidden', { configurable: true, get: function () { return false; } })")
        desk.by_id("alerts-toggle").click()
        wait(lambda: desk.by_id("alerts-toggle").get_attribute("aria-pressed") == "false", what="alerts off")
        offer.find_element(By.XPATH, ".//button[text()='Decline']").click()
        wait(lambda: offer not in desk.offers(), what="the declined toast to go")
        self.step("keyboard: Alt+A accepts an offer; a silent conversation is auto-closed and leaves the list")
        quinn = Visitor(api, "Quinn Quiet", QUICK_ACCOUNT)
        quinn.say("Just checking, no rush")
        wait(lambda: [o for o in desk.offers() if "Quinn Quiet" in o.text], timeout=15, what="Quinn's offer")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ALT, "a")
        wait(lambda: desk.item_named("Quinn Quiet") is not None, what="Quinn in the list")
        wait(lambda: desk.item_named("Quinn Quiet") is None, timeout=30, what="the auto-close")
        assert "closed after a long silence" in desk.text("banner"), desk.text("banner")
        Select(desk.by_id("state-select")).select_by_visible_text("Not ready \u2014 Lunch")
        wait(lambda: "not_ready" in desk.by_id("state-dot").get_attribute("class").split(), what="not ready")

        self.step("no CSP violations or script errors were logged")
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors

        self.step("sign out: asked first while holding conversations, then back to the sign-in form, state logged out")
        held = len(desk.list_items())
        desk.by_id("signout").click()
        if held:
            wait(lambda: desk.by_id("signout-dialog").is_displayed(), what="the sign-out question")
            assert f"You hold {held} conversation" in desk.text("signout-subtitle"), desk.text("signout-subtitle")
            desk.by_id("signout-confirm").click()
        wait(lambda: desk.by_id("signin").is_displayed(), what="the sign-in form")
        assert "signed out" in desk.text("signin-notice")


def main() -> int:
    parser = argparse.ArgumentParser(description="Drive the agent desktop in Chromium against parley serve.")
    parser.add_argument("--binary", default=os.environ.get("PARLEY_BIN", str(HERE.parents[2] / ".build/debug/parley")))
    parser.add_argument("--screenshots", default="/tmp")
    parser.add_argument("--proxy", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the server's temporary directory")
    options = parser.parse_args()
    shots = Path(options.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    flow = Flow(options.binary, shots, options.proxy)
    try:
        flow.run()
        print(f"all {flow.steps} steps passed")
        return 0
    except Exception:  # noqa: BLE001 - report and keep the evidence
        traceback.print_exc()
        if flow.driver:
            path = shots / "desktop-failure.png"
            flow.driver.save_screenshot(str(path))
            print(f"screenshot of the failure: {path}")
            for entry in flow.driver.get_log("browser")[-20:]:
                print("browser:", entry["message"][:300])
        print("server stderr:\n" + flow.server.stderr_tail())
        return 1
    finally:
        flow.close()
        if not options.keep:
            shutil.rmtree(flow.workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
