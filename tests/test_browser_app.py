"""The real app (real pipeline, index and database) in headless Chromium: patients ask, nurses review.

Screenshots of each page go to ``test-artifacts/``.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect
from webui_server import ARTIFACTS, REVIEWER, TIMEOUT_MS, ask, open_patient_page, sign_in, start_app

from review.models import Action
from review.store import ReviewStore

pytestmark = pytest.mark.slow

XSS = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> is TACE safe?'


def flagged_soon(store: ReviewStore, question: str, timeout_s: float = TIMEOUT_MS / 1000) -> bool:
    """Whether ``question``'s turn is stored as flagged within ``timeout_s``: the notice of an earlier flag may
    still be on screen when the page is checked, before this flag has reached the server."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if question in [t.question for t in store.queue(flagged=True)]:
            return True
        time.sleep(0.2)
    return False


def open_turn(page: Page, question: str) -> None:
    page.locator("#queue [role=gridcell]").filter(has_text=question).first.click()
    expect(page.locator("#turn-question textarea")).to_have_value(question, timeout=TIMEOUT_MS)


def test_patient_gets_a_cited_answer_and_the_care_team_reply(server, browser):
    page = open_patient_page(browser, server["app"].url)
    expect(page.locator("#disclaimer")).to_contain_text("not medical advice")
    expect(page.locator("#disclaimer")).to_contain_text("emergency")

    answer = ask(page, "What is TACE?", ".reply-answered:has(.sources)")
    expect(answer.locator("sup.cite").first).to_have_text("[1]")
    source = answer.locator("details.source").first
    expect(source).to_contain_text("Liver Metastases")
    source.locator("summary").click()
    expect(source.locator("blockquote")).to_contain_text("Transarterial Chemoembolization")
    words = answer.locator("details.glossary")
    expect(words.locator("summary")).to_contain_text("Words in this answer")
    words.locator("summary").click()
    expect(words.locator("dd").first).to_be_visible()

    care = ask(page, "My bilirubin is 3.2, should I stop my chemotherapy?", ".reply-care_team")
    expect(care.locator(".route-label")).to_contain_text("care team")
    expect(care.locator(".sources")).to_have_count(0)

    # a relative's case told, then a general question: answered, the note on that case first
    noted = ask(
        page,
        "Our oncologist brought up immunotherapy for my father's liver metastases. How does immunotherapy fight cancer?",
        ".reply-answered:has(.answer-note)",
    )
    expect(noted.locator(".answer-note")).to_contain_text("can't speak to your own case")
    expect(noted.locator(".sources")).to_have_count(1)

    page.screenshot(path=ARTIFACTS / "patient-desktop.png", full_page=True)
    page.locator(".reply-care_team").last.screenshot(path=ARTIFACTS / "patient-care-team-reply.png")
    page.locator(".reply-answered").last.screenshot(path=ARTIFACTS / "patient-cited-answer.png")


def test_patient_text_is_shown_as_text_and_never_run(server, browser):
    page = open_patient_page(browser, server["app"].url)
    box = page.locator("#question textarea")
    box.fill(XSS)
    box.press("Enter")
    expect(page.locator(".user-text").last).to_contain_text(
        "<script>window.__pwned=2</script>", timeout=TIMEOUT_MS
    )
    expect(page.locator(".reply").last).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize(
    "message", ["   ", "x" * 10_000, "🙂🙂🙂", "¿Qué es la quimioembolización?", "肝转移是什么"]
)
def test_bad_input_gets_a_clear_reply(server, browser, message):
    page = open_patient_page(browser, server["app"].url, width=390)
    box = page.locator("#question textarea")
    box.fill(message)
    box.press("Enter")
    reply = page.locator(".reply").last
    expect(reply).to_be_visible(timeout=TIMEOUT_MS)
    expect(reply).not_to_contain_text("Traceback")
    assert len(reply.inner_text().strip()) > 20
    page.close()


def test_phone_width_page_fits_and_is_keyboard_usable(server, browser):
    page = open_patient_page(browser, server["app"].url, width=390)
    example = page.locator("#chat button.example").first
    expect(example).to_be_visible()
    assert example.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # looks tappable
    expect(page.locator("#question textarea")).to_be_in_viewport()  # the box is not pushed off the screen
    page.keyboard.type("What is microwave ablation?")
    page.keyboard.press("Enter")  # the question box has focus on load: no mouse needed
    expect(page.locator(".reply-answered:has(.sources)")).to_have_count(1, timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(
        page.locator('#chat button[aria-label="Clear"]')
    ).to_be_hidden()  # "New conversation" is the one reset
    for _ in range(80):  # keyboard only: Tab to the first source and open it with Enter
        if page.evaluate("document.activeElement.matches('details.source summary')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("details.source[open] blockquote").first).to_be_visible()
    for label in ("Like", "Dislike", "Feedback"):  # tap targets a thumb can hit
        box = page.locator(f'#chat button[aria-label="{label}"]').last.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (label, box)
    page.screenshot(path=ARTIFACTS / "patient-phone.png", full_page=True)


def test_one_click_on_the_flag_stores_one_flag_and_says_so(server, browser, app_settings):
    """The browser sends the flag twice for one click; the patient is told a nurse will look, once."""
    question = "How is a liver biopsy done?"
    page = open_patient_page(browser, server["app"].url)
    ask(page, question, ".reply")
    page.locator('#chat button[aria-label="Feedback"]').last.click()
    flag = page.get_by_role("button", name="Flag for a nurse", exact=True)
    flag.click()
    expect(page.get_by_text("A nurse will look at this answer")).to_be_visible(timeout=TIMEOUT_MS)
    expect(flag).to_be_hidden()  # the menu closes
    page.wait_for_timeout(1_000)  # room for a second, duplicate request to land
    (turn,) = [
        t for t in ReviewStore(app_settings.review_db_url).queue(flagged=True) if t.question == question
    ]
    assert [feedback.flagged for feedback in turn.feedback] == [True]

    by_keyboard = "What does a CT scan show?"
    ask(page, by_keyboard, ".reply")
    page.mouse.move(0, 0)
    page.locator('#chat button[aria-label="Feedback"]').last.focus()
    expect(flag.last).to_be_visible()  # the menu opens on focus, not only under a mouse
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert flagged_soon(ReviewStore(app_settings.review_db_url), by_keyboard)
    expect(page.get_by_text("A nurse will look at this answer").last).to_be_visible(timeout=TIMEOUT_MS)


def test_review_page_needs_a_login(server, browser):
    page = browser.new_page()
    response = page.goto(server["app"].url + "/review/config")
    assert response.status in (401, 403, 404) and "Not authenticated" in page.content()
    page.goto(server["app"].url + "/review/", wait_until="load")
    expect(page.get_by_label("password")).to_be_visible(timeout=TIMEOUT_MS)
    page.screenshot(path=ARTIFACTS / "review-login.png")
    page.get_by_label("username").fill(REVIEWER)
    page.get_by_label("password").fill("wrong password")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Incorrect Credentials")).to_be_visible(timeout=TIMEOUT_MS)


def test_nurse_approves_one_answer_and_corrects_another(server, browser, app_settings):
    patient = open_patient_page(browser, server["app"].url)
    ask(patient, "What is TACE?", ".reply-answered:has(.sources)")
    ask(patient, "What is radiofrequency ablation?", ".reply-answered:has(.sources)")

    nurse = sign_in(browser, server["app"].url)
    reviewer = nurse.locator("#reviewer textarea, #reviewer input").first
    expect(reviewer).to_have_value(REVIEWER, timeout=TIMEOUT_MS)  # prefilled with the login name
    reviewer.fill("Nurse Jo")
    expect(nurse.locator("#queue")).to_contain_text(
        "<img src=x", timeout=TIMEOUT_MS
    )  # the XSS attempt, as text
    assert nurse.evaluate("window.__pwned") is None

    open_turn(nurse, "What is TACE?")
    expect(nurse.locator("#turn-sources details.source").first).to_contain_text("Liver Metastases")
    nurse.locator("#approve").click()
    expect(nurse.locator("#review-status")).to_contain_text("Saved: approve", timeout=TIMEOUT_MS)

    open_turn(nurse, "What is radiofrequency ablation?")
    corrected = "Radiofrequency ablation uses heat from a needle-like probe to destroy small tumours."
    nurse.locator("#corrected textarea").fill(corrected)
    nurse.locator("#reason textarea").fill("Plainer wording")
    nurse.locator("#right-route").get_by_text("Answered from the materials").click()
    nurse.locator("#correct").click()
    expect(nurse.locator("#review-status")).to_contain_text("Saved: correct", timeout=TIMEOUT_MS)
    expect(nurse.locator("#history")).to_contain_text("Plainer wording")
    nurse.screenshot(path=ARTIFACTS / "review-page.png", full_page=True)

    store = ReviewStore(app_settings.review_db_url)
    verdicts = {turn.question: turn.verdicts for turn in store.reviewed_turns()}
    assert [(v.action, v.reviewer) for v in verdicts["What is TACE?"]] == [(Action.APPROVE, "Nurse Jo")]
    (correction,) = verdicts["What is radiofrequency ablation?"]
    assert (correction.action, correction.corrected_text, correction.reason, correction.right_route) == (
        Action.CORRECT,
        corrected,
        "Plainer wording",
        "answered",
    )


def test_the_next_patient_gets_the_reviewed_answer_and_a_near_miss_does_not(server, browser, app_settings):
    """After the approval and correction above: the same questions, asked again, get the nurses' answers."""
    patient = open_patient_page(browser, server["app"].url)
    approved = ask(patient, "what is tace", ".reply-answered")
    expect(approved.locator(".reviewed-mark")).to_contain_text("Reviewed by the care team")
    expect(approved.locator(".sources details.source").first).to_contain_text("Liver Metastases")
    corrected = ask(patient, "What is radiofrequency ablation", ".reply-answered")
    expect(corrected).to_contain_text("heat from a needle-like probe")
    expect(corrected.locator(".reviewed-mark")).to_be_visible()
    near_miss = ask(patient, "How long does TACE take?", ".reply")
    expect(near_miss.locator(".reviewed-mark")).to_have_count(0)
    patient.screenshot(path=ARTIFACTS / "reviewed-answer.png", full_page=True)
    served = [t for t in ReviewStore(app_settings.review_db_url).queue() if t.question == "what is tace"]
    assert served and served[0].reviewed_answer_id is not None

    nurse = sign_in(browser, server["app"].url)
    nurse.locator("#library").get_by_text("Reviewed answers served to patients").click()
    nurse.locator("#show-library").click()
    expect(nurse.locator("#library-table")).to_contain_text("What is TACE?", timeout=TIMEOUT_MS)
    expect(nurse.locator("#library-table")).to_contain_text("Nurse Jo")


def test_restart_keeps_every_turn_and_verdict(server, browser, app_settings):
    store = ReviewStore(app_settings.review_db_url)
    before = [(t.id, t.question, len(t.verdicts)) for t in store.queue(unreviewed_first=False)]
    assert any(verdicts for _, _, verdicts in before)
    server["app"].stop()
    server["app"] = start_app(server["env"], server["logs"] / "app-2.log")

    after = ReviewStore(app_settings.review_db_url).queue(unreviewed_first=False)
    assert [(t.id, t.question, len(t.verdicts)) for t in after] == before
    nurse = sign_in(browser, server["app"].url)
    for turn in (t for t in after if t.verdicts):  # opened by ID: the queue lists unreviewed turns first
        nurse.locator("#turn-id input").fill(str(turn.id))
        nurse.locator("#open-turn").click()
        expect(nurse.locator("#turn-question textarea")).to_have_value(turn.question, timeout=TIMEOUT_MS)
        expect(nurse.locator("#history")).to_contain_text(turn.verdicts[-1].action.value)
        expect(nurse.locator("#history")).to_contain_text("Nurse Jo")
