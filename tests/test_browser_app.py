"""The real app (real pipeline, index and database) in headless Chromium: patients ask, nurses review.

Screenshots of each page go to ``test-artifacts/``.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from webui_server import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    REVIEWER,
    REVIEWER_PASSWORD,
    app_env,
    start_app,
)

from review.auth import hash_password
from review.models import Action
from review.store import ReviewStore

pytestmark = pytest.mark.slow

XSS = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> is TACE safe?'
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def app_settings(seed_settings, tmp_path_factory):
    """The seed index, with a database of this module's own."""
    db = tmp_path_factory.mktemp("browser-db") / "review.db"
    return seed_settings.model_copy(update={"review_db_url": f"sqlite:///{db}"})


@pytest.fixture(scope="module")
def server(app_settings, tmp_path_factory):
    """A holder for the running app, so a test can restart it; stopped at the end."""
    env = app_env(app_settings, hash_password(REVIEWER_PASSWORD))
    logs = tmp_path_factory.mktemp("app-logs")
    holder = {"app": start_app(env, logs / "app-1.log"), "env": env, "logs": logs}
    yield holder
    holder["app"].stop()


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_patient_page(browser, url: str, width: int = 1100) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(url + "/", wait_until="load")
    page.locator("#question textarea").wait_for(timeout=TIMEOUT_MS)
    return page


def ask(page: Page, question: str, reply_selector: str):
    """Type a question, press Enter, and wait for the newest reply of the expected kind."""
    before = page.locator(reply_selector).count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator(reply_selector)).to_have_count(before + 1, timeout=TIMEOUT_MS)
    return page.locator(reply_selector).last


def sign_in(browser, url: str, width: int = 1280) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(url + "/review/", wait_until="load")
    page.get_by_label("username").fill(REVIEWER)
    page.get_by_label("password").fill(REVIEWER_PASSWORD)
    page.get_by_role("button", name="Login").click()
    page.locator("#queue").wait_for(timeout=TIMEOUT_MS)
    return page


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


def test_a_long_answer_on_a_phone_is_shown_from_its_question_down(server, browser):
    """Four sources and a word list below the text: the chat used to scroll to their end, leaving the answer
    itself above the screen."""
    page = open_patient_page(browser, server["app"].url, width=390)
    ask(page, "What is TACE?", ".reply-answered")
    reply = ask(page, "What treatments are there for liver metastases?", ".reply-answered:has(.sources)")
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


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings (its script comes from the installed wheel, not the network),
    once Gradio has finished updating: it dims what an event is still changing, which axe reads as low contrast."""
    page.wait_for_function("() => !document.querySelector('.pending, .generating, .translucent:not(.hide)')")
    page.wait_for_timeout(400)  # the fade back to full opacity
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_both_pages_have_no_serious_accessibility_violations(server, browser, width):
    """Every kind of reply on the patient page, and the review page with a turn open (Gradio's own sign-in
    page is not checked: it has no <title>, which the app cannot set)."""
    url = server["app"].url
    page = open_patient_page(browser, url, width=width)
    assert serious_violations(page) == []
    ask(page, "What is TACE?", ".reply-answered:has(.sources)")
    ask(page, "Should I stop my chemo because my liver numbers went up?", ".reply-care_team")
    ask(page, "my husband collapsed and wont wake up", ".reply-emergency")
    ask(page, "How are kidney stones treated?", ".reply-out_of_scope")
    page.locator("details.source summary").first.click()
    assert serious_violations(page) == []
    review = sign_in(browser, url, width=width)
    review.locator("#queue .virtual-row").first.click()
    expect(review.locator("#turn-sources")).not_to_be_empty(timeout=TIMEOUT_MS)
    assert serious_violations(review) == []


REPLY_KINDS = [
    ("answered", "What is TACE?", ".reply-answered:has(.sources)"),
    ("care-team", "My bilirubin is 3.2, should I stop my chemotherapy?", ".reply-care_team"),
    ("emergency", "my husband collapsed and wont wake up", ".reply-emergency"),
    ("out-of-scope", "How are kidney stones treated?", ".reply-out_of_scope"),
    ("too-long", "Please read my whole story. " * 120, ".reply-notice"),
]


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_every_kind_of_reply_is_on_screen_beside_the_question_box(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server["app"].url + "/", wait_until="load")
    box = page.locator("#question textarea")
    box.wait_for(timeout=TIMEOUT_MS)
    for kind, question, selector in REPLY_KINDS:
        reply = ask(page, question, selector)
        page.wait_for_timeout(300)  # the scroll to the new question
        top = reply.bounding_box()["y"]
        assert 0 <= top < height - 250, (kind, top)  # the reply's first lines are on screen, above the box
        expect(box).to_be_in_viewport()
        assert len(reply.inner_text().strip()) > 20, kind
        page.screenshot(path=ARTIFACTS / f"reply-{kind}-{width}.png")
    page.close()


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


def test_restart_keeps_every_turn_and_verdict(server, browser, app_settings):
    store = ReviewStore(app_settings.review_db_url)
    before = [(t.id, t.question, len(t.verdicts)) for t in store.queue(unreviewed_first=False)]
    assert any(verdicts for _, _, verdicts in before)
    server["app"].stop()
    server["app"] = start_app(server["env"], server["logs"] / "app-2.log")

    after = ReviewStore(app_settings.review_db_url).queue(unreviewed_first=False)
    assert [(t.id, t.question, len(t.verdicts)) for t in after] == before
    nurse = sign_in(browser, server["app"].url)
    expect(nurse.locator("#queue")).to_contain_text("approve by Nurse Jo", timeout=TIMEOUT_MS)
    expect(nurse.locator("#queue")).to_contain_text("correct by Nurse Jo")
