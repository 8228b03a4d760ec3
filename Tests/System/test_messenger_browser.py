"""The web messenger in a real browser (headless Chromium) against the real binary: a visitor writes on the
demo page, an agent answers through the API, the answer appears live in the page, hostile text stays text,
and a reload continues the same conversation.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest
import requests

from conftest import wait_until
from test_web_messaging_flow import CONFIG, bearer, create_agent

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
        pytest.skip("chromium is not installed")
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def texts(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".pm-root .pm-text")]


def test_a_visitor_in_the_browser_is_answered_live(parley_factory, browser, tmp_path, backend):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server = parley_factory(config=CONFIG, db_url=backend).start()
    _, ann = create_agent(server.url, "ann", "Ann Agent")
    assert requests.put(f"{server.url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(ann), timeout=10).status_code == 200

    browser.get(f"{server.url}/messenger/demo")
    field = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, ".pm-root .pm-input"), 10)
    assert field, "the widget did not open on the demo page"
    hostile = '<img src=x onerror="document.title=\'pwned\'"> ‮ cheap watches 😀'
    field[0].send_keys(hostile)
    field[0].send_keys(Keys.ENTER)

    # Stored, routed and offered to the ready agent.
    offered = wait_until(lambda: [i for i in requests.get(f"{server.url}/api/v1/interactions", headers=bearer(ann), timeout=10)
                                  .json()["interactions"] if i["state"] == "offered"], 15)
    assert offered, server.stderr_tail()
    interaction = offered[0]["id"]
    assert requests.post(f"{server.url}/api/v1/interactions/{interaction}/accept", headers=bearer(ann), timeout=10).status_code == 200
    detail = requests.get(f"{server.url}/api/v1/interactions/{interaction}", headers=bearer(ann), timeout=10).json()
    assert detail["messages"][0]["text"] == hostile, "the agent sees exactly what the visitor typed"

    reply = requests.post(f"{server.url}/api/v1/interactions/{interaction}/messages", json={"text": "Hello from Ann — https://example.com/help"},
                          headers={**bearer(ann), "Idempotency-Key": "browser-reply-1"}, timeout=10)
    assert reply.status_code == 201, reply.text
    shown = wait_until(lambda: any("Hello from Ann" in t for t in texts(browser)), 15)
    assert shown, texts(browser)
    assert hostile.strip() in [t.strip() for t in texts(browser)] or any("<img src=x" in t for t in texts(browser)), texts(browser)
    assert browser.title != "pwned" and not browser.find_elements(By.CSS_SELECTOR, ".pm-root img[src='x']")
    links = browser.find_elements(By.CSS_SELECTOR, ".pm-root a[href='https://example.com/help']")
    assert links and links[0].get_attribute("rel") == "noopener noreferrer"
    # A document elsewhere is a link naming its site (it was "Attachment (not shown)" with no way to open it).
    document = requests.post(f"{server.url}/api/v1/interactions/{interaction}/messages",
                             json={"text": "The form", "attachments": [{"kind": "file", "url": "https://files.example.com/form.pdf"}]},
                             headers={**bearer(ann), "Idempotency-Key": "browser-reply-2"}, timeout=10)
    assert document.status_code == 201, document.text
    form = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, ".pm-root a[href='https://files.example.com/form.pdf']"), 15)
    assert form and "files.example.com" in form[0].text and form[0].get_attribute("rel") == "noopener noreferrer", texts(browser)
    browser.save_screenshot(str(tmp_path / "messenger.png"))

    # A reload continues the same conversation: same token, whole history, each message once.
    browser.refresh()
    restored = wait_until(lambda: len(texts(browser)) >= 3, 15)
    assert restored, texts(browser)
    time.sleep(1.0)
    assert [t for t in texts(browser) if "Hello from Ann" in t] == ["Hello from Ann — https://example.com/help"], texts(browser)
    assert len(texts(browser)) == 3, texts(browser)
    assert server.scalar("SELECT count(*) FROM contacts") == 1
    server.stop()
