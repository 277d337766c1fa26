"""Start the real app (``python app.py``) on a free loopback port, a headless Chromium to drive it, and the page
steps the browser tests share (open the patient page, ask, sign in as a nurse, axe-core's findings)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REVIEWER = "nurse"
REVIEWER_PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    process: subprocess.Popen
    url: str
    log_path: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_app(env: dict[str, str], log_path: Path, timeout_s: float = 180) -> RunningApp:
    """Run app.py with these settings (environment variables) and wait until the page answers."""
    port = free_port()
    full_env = {
        **os.environ,
        **env,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=PROJECT_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT
    )
    app = RunningApp(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(app.url + "/", timeout=2) as response:
                if response.status == 200:
                    return app
        except OSError:
            time.sleep(0.5)
    app.stop()
    raise TimeoutError(f"app.py did not serve within {timeout_s}s:\n{log_path.read_text()}")


def app_env(settings, password_hash: str) -> dict[str, str]:
    """Environment variables that point app.py at a test's index and review database."""
    return {
        "CORPUS_DIR": str(settings.corpus_dir),
        "INDEX_DIR": str(settings.index_dir),
        "REVIEW_DB_URL": settings.review_db_url,
        "REVIEWER_USERNAME": REVIEWER,
        "REVIEWER_PASSWORD_HASH": password_hash,
    }


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
