"""Auto-answer and the emoji picker in the agent desktop, in a real browser, against `parley serve`.

A workgroup with `routing.auto_answer: true` hands a new conversation straight to a ready agent: no offer to
accept; the desktop opens it and a toast says "Accepted for you". A workgroup without it still offers. The
composer's emoji picker opens from its button, moves with the arrow keys, inserts at the caret with Enter, and
closes with Escape, leaving the draft alone.
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
  - {id: support, name: Support, routing: {auto_answer: true}}
  - {id: sales, name: Sales}
channels:
  - {id: web, kind: web_messaging, account_id: acme-web, name: Acme chat, workgroup: support}
  - {id: shop, kind: web_messaging, account_id: acme-shop, name: Acme shop chat, workgroup: sales}
"""


def test_an_auto_answered_conversation_opens_with_a_toast_and_emoji_go_in_at_the_caret(chromium, tmp_path):
    import requests
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from conftest import ADMIN_PASSWORD
    from desktop_flow import AGENT, Desk, Visitor, wait

    server = ParleyProcess(os.path.abspath(parley_bin()), Path(tempfile.mkdtemp(prefix="parley-auto-desk-")), config=CONFIG)
    try:
        server.start()
        admin = requests.Session()
        login = admin.post(f"{server.url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
        username, name, password = AGENT
        assert admin.post(f"{server.url}/api/v1/users", headers={"X-CSRF-Token": login.json()["csrfToken"]}, timeout=10,
                          json={"username": username, "displayName": name, "password": password, "roles": ["agent"],
                                "workgroups": ["support", "sales"]}).status_code == 201
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium
        desk.sign_in_ready()

        # Support auto-answers: the conversation is Ann's at once, with a toast and no Accept to press.
        visitor = Visitor(server.url, "Noor Haddad", "acme-web")
        visitor.say("Hello, my parcel never came")
        toast = wait(lambda: d.find_elements(By.CSS_SELECTOR, "#offers .offer.auto"), timeout=15, what="the auto-answer toast")[0]
        wait(lambda: "Accepted for you" in toast.text and "Noor Haddad" in toast.text and "my parcel never came" in toast.text
             and "Acme chat" in toast.text, what="the toast's content")
        assert not toast.find_elements(By.XPATH, ".//button[text()='Accept']"), "nothing to accept"
        assert desk.item_named("Noor Haddad") is not None, "the conversation is in the list"
        interaction = [i for i in admin.get(f"{server.url}/api/v1/interactions", timeout=10).json()["interactions"]
                       if i["channelId"] == "web"][0]
        assert interaction["state"] == "active", interaction
        desk.shot("auto-answer")
        desk.accessible("the auto-answer toast")
        toast.find_element(By.XPATH, ".//button[text()='Open']").click()
        wait(lambda: not d.find_elements(By.CSS_SELECTOR, "#offers .offer.auto"), what="the toast to go")
        wait(lambda: any("my parcel never came" in t for t in desk.bubble_texts()), what="the conversation open")
        reply = desk.by_id("reply")
        wait(lambda: d.switch_to.active_element == reply, what="the reply box focused")

        # The emoji picker: from the button, arrows, Enter inserts at the caret; the draft keeps the rest.
        reply.send_keys("Sorry about that  we will find it")
        d.execute_script("arguments[0].setSelectionRange(17, 17)", reply)  # between the two spaces
        opener = desk.by_id("emoji-open")
        assert opener.get_attribute("aria-expanded") == "false"
        opener.click()
        picker = desk.by_id("emoji-picker")
        wait(lambda: picker.is_displayed(), what="the emoji picker")
        assert opener.get_attribute("aria-expanded") == "true"
        first = d.switch_to.active_element
        assert first.get_attribute("aria-label") == "grinning face", first.get_attribute("aria-label")
        desk.shot("emoji")
        desk.accessible("the emoji picker")
        first.send_keys(Keys.ARROW_RIGHT)
        assert d.switch_to.active_element.get_attribute("aria-label") == "slightly smiling face"
        d.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        assert d.switch_to.active_element.get_attribute("aria-label") == "crying face"
        d.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ENTER)
        wait(lambda: not picker.is_displayed(), what="the picker to close after inserting")
        assert reply.get_attribute("value") == "Sorry about that \U0001F642 we will find it", reply.get_attribute("value")
        assert d.switch_to.active_element == reply
        assert d.execute_script("return arguments[0].selectionStart", reply) == 19, "the caret after the emoji"

        # Escape closes the picker and returns to the reply box without inserting anything.
        opener.click()
        wait(lambda: picker.is_displayed(), what="the picker again")
        d.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait(lambda: not picker.is_displayed(), what="Escape closing the picker")
        assert d.switch_to.active_element == reply
        assert reply.get_attribute("value") == "Sorry about that \U0001F642 we will find it"
        reply.send_keys(Keys.ENTER)
        wait(lambda: any(m["text"] == "Sorry about that \U0001F642 we will find it" for m in visitor.messages()), timeout=15,
             what="the visitor receiving the emoji")

        # Sales does not auto-answer: an ordinary offer with Accept.
        shopper = Visitor(server.url, "Ines Ortega", "acme-shop")
        shopper.say("Do you ship to Madeira?")
        offer = wait(lambda: [o for o in desk.offers() if "auto" not in o.get_attribute("class").split()], timeout=15,
                     what="the sales offer")[0]
        wait(lambda: "Ines Ortega" in offer.text, what="the offer's customer")
        assert offer.find_elements(By.XPATH, ".//button[text()='Accept']"), "an offer to accept"
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors
    finally:
        server.kill()
