"""A nurse edits and approves a plain version on the review page, and the next patient reads it: the real app
(``PLAIN_LANGUAGE`` on) in headless Chromium, with a review database of this module's own."""

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
