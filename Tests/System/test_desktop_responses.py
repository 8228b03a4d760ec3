"""Standard responses in the agent desktop, in a real browser, against `parley serve`: a web visitor asks where
their order is; the agent accepts, opens the Responses panel with Alt+S, sees the matching response suggested
first, searches, inserts one with Enter at the cursor (filled with the visitor's first name and the agent's),
edits it and sends it; the visitor receives exactly the edited, filled text. Escape closes the panel without
touching the draft, and the shortcuts dialog lists Alt+S.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ParleyProcess, parley_bin

sys.path.insert(0, str(Path(__file__).parent / "desktop"))

WEB_ACCOUNT = "acme-web"
CONFIG = f"""\
workgroups:
  - {{id: support, name: Support}}
channels:
  - {{id: web, kind: web_messaging, account_id: {WEB_ACCOUNT}, name: Acme chat, workgroup: support}}
standard_responses:
  - id: greeting
    title: Greeting
    category: Getting started
    text: "Hi {{customer.first_name}}, this is {{agent.first_name}} from {{channel.name}}."
    keywords: [hello]
  - id: order-status
    title: Where is my order
    category: Orders
    text: "Sorry for the wait, {{customer.first_name}}. Could you send me your order number?"
    keywords: [where is my order, not arrived]
  - id: refund
    title: Refund request
    category: Billing
    text: "Your refund reaches your card within 5 days."
    keywords: [refund]
  - id: x-only
    title: Follow us for a DM
    category: Getting started
    text: "Please follow us."
    channels: [x]
"""


def test_an_agent_inserts_a_filled_standard_response_with_the_keyboard_edits_and_sends_it(chromium, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from desktop_flow import AGENT, Desk, Visitor, create_agent, wait

    server = ParleyProcess(os.path.abspath(parley_bin()), Path(tempfile.mkdtemp(prefix="parley-responses-desk-")), config=CONFIG)
    try:
        server.start()
        create_agent(server.url)
        desk = Desk(chromium, server.url, tmp_path)
        d = chromium
        desk.sign_in_ready()

        visitor = Visitor(server.url, "Zo\u00eb \u00c5lvarez", WEB_ACCOUNT)
        visitor.say("Hi, where is my order? It has <b>not arrived</b> {agent.name}")
        offer = wait(lambda: desk.offers(), what="the offer")[0]
        offer.find_element(By.XPATH, ".//button[text()='Accept']").click()
        wait(lambda: any("where is my order" in t for t in desk.bubble_texts()), what="the visitor's message")

        # The agent starts the reply, then opens the panel from the reply box with Alt+S.
        reply = desk.by_id("reply")
        reply.send_keys("Hello! ")
        reply.send_keys(Keys.ALT, "s")
        dialog = desk.by_id("responses-dialog")
        wait(lambda: dialog.get_attribute("open") is not None, what="the responses panel")
        search = desk.by_id("responses-search")
        wait(lambda: d.switch_to.active_element == search, what="the search box focused")
        options = lambda: d.find_elements(By.CSS_SELECTOR, "#responses-list [role=option]")  # noqa: E731
        wait(lambda: len(options()) == 3, what="the channel's three responses (not the X-only one)")
        titles = [o.find_element(By.CLASS_NAME, "response-title").text for o in options()]
        assert titles[0] == "Where is my order", titles
        assert "Suggested" in options()[0].text and "Suggested" not in options()[1].text
        assert "Sorry for the wait, Zo\u00eb." in options()[0].text, "the preview is filled"
        assert "suggested" in desk.text("responses-status")
        assert search.get_attribute("aria-activedescendant") == "response-option-0"
        desk.shot("responses")
        desk.accessible("the responses panel")

        # Search narrows (accents ignored); the category list is there too.
        search.send_keys("REFUND")
        wait(lambda: [o.find_element(By.CLASS_NAME, "response-title").text for o in options()] == ["Refund request"],
             what="the search result")
        categories = [o.text for o in Select(desk.by_id("responses-category")).options]
        assert categories == ["All categories", "Billing", "Getting started", "Orders"], categories
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys(Keys.BACKSPACE)
        search.send_keys("wh\u00e9re")
        wait(lambda: [o.find_element(By.CLASS_NAME, "response-title").text for o in options()] == ["Where is my order"],
             what="the search for 'where'")
        search.send_keys(Keys.ENTER)
        wait(lambda: dialog.get_attribute("open") is None, what="the panel closed")
        inserted = "Hello! Sorry for the wait, Zo\u00eb. Could you send me your order number?"
        assert reply.get_attribute("value") == inserted
        assert d.switch_to.active_element == reply, "the cursor is back in the reply box"
        assert not visitor.messages()[1:], "inserting never sends"

        # Escape closes the panel and leaves the draft as it was.
        reply.send_keys(Keys.ALT, "s")
        wait(lambda: dialog.get_attribute("open") is not None, what="the panel again")
        wait(lambda: d.switch_to.active_element == search, what="the search box focused again")
        search.send_keys(Keys.ESCAPE)
        wait(lambda: dialog.get_attribute("open") is None, what="Escape closing the panel")
        assert reply.get_attribute("value") == inserted

        # Edit, then send with Enter: the visitor receives the edited, filled text.
        reply.send_keys(" It is 4471?")
        reply.send_keys(Keys.ENTER)
        expected = inserted + " It is 4471?"
        wait(lambda: any(m["text"] == expected for m in visitor.messages()), timeout=15, what="the visitor receiving the reply")

        # The shortcuts dialog lists the panel's shortcut.
        desk.by_id("shortcuts-open").click()
        wait(lambda: desk.by_id("shortcuts-dialog").get_attribute("open") is not None, what="the shortcuts dialog")
        assert "Insert a standard response" in desk.text("shortcuts-dialog")
        errors = [e for e in desk.console_errors() if "Content Security Policy" in e or "Uncaught" in e]
        assert not errors, errors
    finally:
        server.kill()
