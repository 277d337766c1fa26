"""A nurse edits and approves a plain version, or rewrites a glossary definition, on the review page, and the next
patient reads it: the real app (``PLAIN_LANGUAGE`` on) in headless Chromium, with a review database of this
module's own."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from webui_server import (
    ARTIFACTS,
    REVIEWER_PASSWORD,
    TIMEOUT_MS,
    app_env,
    ask,
    open_patient_page,
    serious_violations,
    sign_in,
    start_app,
)

from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.settings import PROJECT_ROOT
from review.auth import hash_password

pytestmark = pytest.mark.slow

SOURCE = (
    "Liver metastases, or secondary liver cancer, occur when cancer cells from a tumor in another part of the body "
    "travel through the bloodstream or lymphatic system and establish new tumors in the liver."
)
EDIT = (
    "Liver metastases are also called secondary liver cancer. They start when cancer cells from a tumor in another "
    "part of the body travel to the liver. The cells move in the bloodstream or the lymphatic system and grow into "
    "new tumors there."
)


@pytest.fixture(scope="module")
def plain_app(app_settings, tmp_path_factory):
    env = app_env(app_settings, hash_password(REVIEWER_PASSWORD)) | {
        "PLAIN_LANGUAGE": "true",
        "PLAIN_REFRESH_S": "1",
        "GLOSSARY_REFRESH_S": "1",
    }
    app = start_app(env, tmp_path_factory.mktemp("app-logs") / "app.log")
    yield app
    app.stop()


def test_a_nurse_edits_and_approves_a_plain_version_and_the_patient_reads_it(plain_app, browser):
    review = sign_in(browser, plain_app.url)
    review.get_by_text("Plain language versions").click()
    review.locator("#show-plain").click()
    review.locator("#plain-table [role=gridcell]").filter(has_text=SOURCE).first.click()  # the first row
    expect(review.locator("#plain-source textarea")).to_have_value(SOURCE, timeout=TIMEOUT_MS)
    plain, status = review.locator("#plain-text textarea"), review.locator("#plain-status")

    plain.fill(f"{EDIT} It is always safe.")
    review.locator("#approve-plain").click()
    expect(status).to_contain_text("Not approved", timeout=TIMEOUT_MS)
    expect(status).to_contain_text("adds the claim 'always'")

    plain.fill(EDIT)
    review.locator("#approve-plain").click()
    expect(status).to_contain_text("Saved: approved by nurse", timeout=TIMEOUT_MS)
    expect(review.locator("#plain-history")).to_contain_text("grow into new tumors there")
    expect(review.locator("#plain-table")).to_contain_text("approved by nurse")
    review.locator("#plain-language").screenshot(path=ARTIFACTS / "review-plain-language.png")
    assert serious_violations(review) == []

    page = open_patient_page(browser, plain_app.url)
    reply = ask(page, "What are liver metastases?", ".reply-answered:has(.sources)")
    expect(reply).to_contain_text("grow into new tumors there")
    source = reply.locator("details.source").first
    source.locator("summary").click()
    expect(source.locator("blockquote").filter(has_text=SOURCE)).to_have_count(
        1
    )  # the verbatim sentence stays
    page.screenshot(path=ARTIFACTS / "patient-plain-nurse-version.png", full_page=True)


CORPUS = PROJECT_ROOT / "corpus"
ASCITES = "Fluid that builds up in the belly and makes it swell. A doctor can drain it with a thin needle."


def test_a_nurse_rewrites_a_glossary_definition_and_the_patient_reads_it(plain_app, browser):
    review = sign_in(browser, plain_app.url)
    review.get_by_text("Glossary: the words patients see explained").click()
    review.locator("#show-glossary").click()
    expect(review.locator("#glossary-table")).to_contain_text(
        "shipped with the materials", timeout=TIMEOUT_MS
    )
    number = next(
        n for n, entry in enumerate(load_glossary(CORPUS / GLOSSARY_FILE), start=1) if entry.term == "ascites"
    )
    review.locator("#glossary-number input").fill(str(number))
    review.locator("#open-glossary").click()
    expect(review.locator("#glossary-term input")).to_have_value("ascites", timeout=TIMEOUT_MS)
    definition, status = review.locator("#glossary-definition textarea"), review.locator("#glossary-status")

    definition.fill("Pathological accumulation of peritoneal fluid secondary to portal hypertension.")
    review.locator("#save-glossary").click()
    expect(status).to_contain_text("Not saved", timeout=TIMEOUT_MS)
    expect(status).to_contain_text("school grade")

    definition.fill(ASCITES)
    review.locator("#save-glossary").click()
    expect(status).to_contain_text("Saved: “ascites” rewritten by nurse", timeout=TIMEOUT_MS)
    expect(review.locator("#glossary-history")).to_contain_text("drain it with a thin needle")
    review.locator("#glossary-panel").screenshot(path=ARTIFACTS / "review-glossary.png")
    assert serious_violations(review) == []

    page = open_patient_page(browser, plain_app.url)
    reply = ask(page, "What is ascites?", ".reply-answered:has(.sources)")
    expect(reply).to_contain_text("drain it with a thin needle", timeout=TIMEOUT_MS)
