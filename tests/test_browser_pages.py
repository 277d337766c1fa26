"""The pages as patients and nurses see them, in headless Chromium on a phone and a desktop: what is on
screen after each kind of reply, and axe-core's accessibility findings. The real app, with a review database of
this module's own (the queue tests in ``test_browser_app.py`` count on theirs).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from webui_server import ARTIFACTS, TIMEOUT_MS, ask, open_patient_page, serious_violations, sign_in

pytestmark = pytest.mark.slow


def test_a_long_answer_on_a_phone_is_shown_from_its_question_down(server, browser):
    """Four sources and a word list below the text: the chat used to scroll to their end, leaving the answer
    itself above the screen."""
    page = open_patient_page(browser, server["app"].url, width=390)
    ask(page, "What is TACE?", ".reply-answered")
    reply = ask(page, "What are the symptoms of liver metastases?", ".reply-answered:has(.sources)")
    chat = page.locator("#chat .bubble-wrap")
    assert (
        reply.bounding_box()["height"] > chat.bounding_box()["height"]
    )  # a long answer, or this tests nothing
    page.wait_for_function(  # the reply's top lands near the top of the chat, not above it
        "() => { const w = document.querySelector('#chat .bubble-wrap'); const r = [...w.querySelectorAll('.reply')].pop();"
        " const d = r.getBoundingClientRect().top - w.getBoundingClientRect().top; return d >= 0 && d < 200; }",
        timeout=10_000,
    )
    page.screenshot(path=ARTIFACTS / "patient-phone-long-answer.png")


@pytest.mark.parametrize("width", [1280, 390])
def test_both_pages_have_no_serious_accessibility_violations(server, browser, width):
    """Every kind of reply on the patient page, the nurse's sign-in page, and the review page with a turn open."""
    url = server["app"].url
    signing_in = browser.new_page(viewport={"width": width, "height": 900})
    signing_in.goto(url + "/review/", wait_until="load")
    signing_in.get_by_label("password").wait_for(timeout=TIMEOUT_MS)
    assert signing_in.title() == "Sign in: nurse review"  # Gradio's own sign-in page has none
    assert serious_violations(signing_in) == []
    signing_in.close()
    page = open_patient_page(browser, url, width=width)
    assert serious_violations(page) == []
    ask(page, "What is TACE?", ".reply-answered:has(.sources)")
    ask(page, "Should I stop my chemo because my liver numbers went up?", ".reply-care_team")
    ask(page, "my husband collapsed and wont wake up", ".reply-emergency")
    ask(page, "How are kidney stones treated?", ".reply-out_of_scope")
    page.locator("details.source summary").first.click()
    assert serious_violations(page) == []
    review = sign_in(browser, url, width=width)
    expect(review).to_have_title("Answer review")  # the page's own, not the sign-in page's
    review.locator("#queue .virtual-row").first.click()
    expect(review.locator("#turn-sources")).not_to_be_empty(timeout=TIMEOUT_MS)
    assert serious_violations(review) == []


def test_the_disclaimer_is_one_short_block_on_a_phone_and_opens_on_a_tap(server, browser):
    page = open_patient_page(browser, server["app"].url, width=390)
    disclaimer = page.locator("#disclaimer details")
    summary = disclaimer.locator("summary")
    expect(summary).to_contain_text("not medical advice")
    expect(summary).to_contain_text("emergency")
    expect(disclaimer.get_by_text("ask your care team")).to_be_hidden()
    assert disclaimer.bounding_box()["height"] < 0.15 * 844  # was 30% of the screen, then 16%
    summary.focus()
    page.keyboard.press("Enter")
    expect(disclaimer.get_by_text("ask your care team")).to_be_visible()
    expect(summary).to_contain_text("Less")


REPLY_KINDS = [
    ("answered", "What is TACE?", ".reply-answered:has(.sources)"),
    ("care-team", "My bilirubin is 3.2, should I stop my chemotherapy?", ".reply-care_team"),
    ("emergency", "my husband collapsed and wont wake up", ".reply-emergency"),
    ("out-of-scope", "How are kidney stones treated?", ".reply-out_of_scope"),
    # A long message in the words people use: the same short sentence said 120 times reads to the emergency network
    # as a plea (crisis, p 0.72), and an emergency is never cut short for length.
    (
        "too-long",
        "We have been reading about treatments for liver metastases all week. " * 50,
        ".reply-notice",
    ),
]


def settled_top(page, reply, on_screen, attempts: int = 20) -> float:
    """The reply's top once the page has scrolled to it: the scroll is animated, and on a loaded two-core machine
    300 ms was not always enough (the phone-sized run once read the care-team reply still below the screen)."""
    top = reply.bounding_box()["y"]
    for _ in range(attempts):
        if on_screen(top):
            break
        page.wait_for_timeout(150)
        top = reply.bounding_box()["y"]
    return top


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_every_kind_of_reply_is_on_screen_beside_the_question_box(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server["app"].url + "/", wait_until="load")
    box = page.locator("#question textarea")
    box.wait_for(timeout=TIMEOUT_MS)

    def on_screen(top: float) -> bool:
        return 0 <= top < height - 250  # the reply's first lines are on screen, above the box

    for kind, question, selector in REPLY_KINDS:
        reply = ask(page, question, selector)
        top = settled_top(page, reply, on_screen)
        assert on_screen(top), (kind, top)
        expect(box).to_be_in_viewport()
        assert len(reply.inner_text().strip()) > 20, kind
        page.screenshot(path=ARTIFACTS / f"reply-{kind}-{width}.png")
    page.close()


def test_the_queue_is_readable_on_a_phone(server, browser):
    """Gradio shares the phone's width out among six columns, one letter each; they keep readable widths and
    the queue scrolls sideways instead."""
    ask(open_patient_page(browser, server["app"].url, width=390), "What is TACE?", ".reply-answered")
    page = sign_in(browser, server["app"].url, width=390)
    cells = page.locator("#queue .virtual-row").first.locator(".body-cell")
    expect(cells.first).to_be_visible(timeout=TIMEOUT_MS)
    widths = [cells.nth(i).bounding_box()["width"] for i in range(cells.count())]
    assert len(widths) == 6 and min(widths) >= 36 and widths[3] >= 200, widths  # [3]: the question
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls, not the page
    page.screenshot(path=ARTIFACTS / "review-phone.png")
