"""The agent desktop at 200 % zoom in a 1280x720 window, in a real browser, against `parley serve`.

Chromium's device metrics are set to a 640x360 CSS-pixel viewport at device scale factor 2 -- what a 1280x720
window shows at 200 % zoom (screenshots come out 1280x720). On each main screen (sign-in, the empty desk, an
offer, a conversation with its composer and the customer panel, the emoji picker, and the standard responses,
transfer, wrap-up and shortcuts dialogs) every visible control must be inside the viewport once scrolled to, not
cut off and not covered (`desktop/layout_audit.py`), and the page must not scroll sideways. The same audit runs
at 100 % first, as the baseline. Screenshots go to the test's temporary directory as desktop-zoom-*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from conftest import ParleyProcess, parley_bin

sys.path.insert(0, str(Path(__file__).parent / "desktop"))

CONFIG = """\
workgroups:
  - {id: support, name: Support}
channels:
  - {id: web, kind: web_messaging, account_id: acme-web, name: Acme chat, workgroup: support}
standard_responses:
  - {id: greeting, title: Greeting, category: Getting started, text: "Hi {{customer.first_name}}, how can I help?", keywords: [hello]}
  - {id: order, title: Where is my order, category: Orders, text: "Could you send me your order number?", keywords: [order]}
"""
LONG = ("My order 4471 was supposed to arrive on Monday and it still has not, the tracking page says it is in a depot "
        "I have never heard of, can you please tell me what is going on and when I can expect it? ")


def zoom(driver, factor: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280 // factor, "height": 720 // factor, "deviceScaleFactor": factor, "mobile": False})


def test_every_main_screen_works_at_200_percent_zoom_in_a_1280x720_window(chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from desktop_flow import AGENT, Desk, Visitor, create_agent, wait
    from layout_audit import audit, fully_visible, shown

    server = ParleyProcess(os.path.abspath(parley_bin()), Path(tempfile.mkdtemp(prefix="parley-zoom-desk-")), config=CONFIG)
    try:
        server.start()
        create_agent(server.url)
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium

        def check(screen: str, root: str = "body", shot: str | None = None) -> None:
            problems = audit(d, root)
            assert not problems, f"{screen} at {d.execute_script('return window.innerWidth')} px: " + "; ".join(problems)
            if shot:
                d.execute_script("window.scrollTo(0, 0)")
                desk.shot(shot)

        for factor in (1, 2):
            zoom(d, factor)
            assert d.execute_script("return [window.innerWidth, window.innerHeight, window.devicePixelRatio]") == [1280 // factor, 720 // factor, factor]
            suffix = "" if factor == 1 else "-200"
            d.delete_all_cookies()
            d.get(server.url + "/")
            wait(lambda: desk.by_id("signin-username").is_displayed(), what="the sign-in form")
            check("the sign-in form", "#signin", f"zoom-signin{suffix}" if factor == 2 else None)
            desk.sign_in_ready()
            check("the empty desk", "body")

            # An offer: the toast and its buttons are on screen.
            visitor = Visitor(server.url, f"Zo\u00eb \u00c5lvarez-Kowalczyk {factor}", "acme-web")
            visitor.say(f"Hello, where is my order? {LONG}")
            offer = wait(lambda: desk.offers(), timeout=15, what="the offer")[0]
            wait(lambda: "Accept within" in offer.text, what="the toast's countdown")
            assert fully_visible(d, offer), "the offer toast is cut off"
            check("the offer toast", "#offers", f"zoom-offer{suffix}" if factor == 2 else None)
            offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
            wait(lambda: not desk.offers(), what="the toast to go")
            wait(lambda: any("where is my order" in t for t in desk.bubble_texts()), what="the conversation")
            visitor.say("Also: is https://example.com/track?id=4471 the right tracking page?")
            wait(lambda: len(desk.bubbles()) >= 2, what="the second message")
            wait(lambda: "earlier conversation" in desk.text("contact-body") or "first conversation" in desk.text("contact-body"),
                 what="the customer panel")

            # The conversation: reply box and Send on screen together; every control reachable and uncovered.
            reply, send = desk.by_id("reply"), desk.by_id("send")
            d.execute_script("arguments[0].scrollIntoView({block: 'end'})", send)
            assert fully_visible(d, reply) and fully_visible(d, send), "the reply box and Send are not both on screen"
            needed = ["agent-name", "state-select", "connection-text", "signout", "conversation-list", "conversation-title",
                      "conversation-meta", "messages", "transfer-open", "wrapup-open", "reply", "responses-open", "emoji-open", "send",
                      "contact-body", "contact-facts", "contact-notes-title", "contact-history-title"]
            problems = shown(d, needed)
            assert not problems, f"the conversation at {1280 // factor} px: " + "; ".join(problems)
            check("the conversation", "body")
            if factor == 2:
                d.execute_script("arguments[0].scrollIntoView({block: 'end'})", send)
                desk.shot("zoom-conversation-200")
            if factor == 2:
                d.execute_script("document.getElementById('contact').scrollIntoView({block: 'start'})")
                desk.shot("zoom-contact-200")

            # The emoji picker.
            desk.by_id("emoji-open").click()
            wait(lambda: desk.by_id("emoji-picker").is_displayed(), what="the emoji picker")
            check("the emoji picker", "#emoji-picker", f"zoom-emoji{suffix}" if factor == 2 else None)
            d.switch_to.active_element.send_keys(Keys.ESCAPE)
            wait(lambda: not desk.by_id("emoji-picker").is_displayed(), what="the picker to close")

            # The dialogs.
            for opener, dialog, name in (("responses-open", "responses-dialog", "responses"), ("transfer-open", "transfer-dialog", "transfer"),
                                         ("wrapup-open", "wrapup-dialog", "wrapup"), ("shortcuts-open", "shortcuts-dialog", "shortcuts")):
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", desk.by_id(opener))
                desk.by_id(opener).click()
                wait(lambda: desk.by_id(dialog).is_displayed(), what=f"the {name} dialog")
                if name == "responses":
                    wait(lambda: d.find_elements(By.CSS_SELECTOR, "#responses-list .response-option"), what="the responses")
                if name == "transfer":
                    wait(lambda: len(d.find_elements(By.CSS_SELECTOR, "#transfer-target option")) > 0, what="the transfer targets")
                check(f"the {name} dialog", f"#{dialog}", f"zoom-{name}{suffix}" if factor == 2 and name in ("wrapup", "responses") else None)
                d.execute_script("arguments[0].close()", desk.by_id(dialog))
                wait(lambda: not desk.by_id(dialog).is_displayed(), what=f"the {name} dialog to close")

            # Wrap up, so the next round starts empty.
            desk.by_id("wrapup-open").click()
            wait(lambda: desk.by_id("wrapup-dialog").is_displayed(), what="the wrap-up dialog")
            d.find_element(By.XPATH, "//dialog[@id='wrapup-dialog']//label[span[text()='Processed']]").click()
            desk.by_id("wrapup-confirm").click()
            wait(lambda: not desk.list_items(), what="the list to empty")
            desk.by_id("signout").click()
            wait(lambda: desk.by_id("signin-username").is_displayed(), what="signed out")
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors
    finally:
        server.kill()
