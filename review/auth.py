"""The nurse login: one username from settings, its password checked against a bcrypt hash from settings.

Make a hash (then set ``REVIEWER_PASSWORD_HASH`` to the printed value, e.g. in ``.env``):

    python -m review hash-password
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

import anyio
import bcrypt

from answering.settings import Settings

#: bcrypt reads at most 72 bytes of a password (and bcrypt 5 refuses longer ones).
MAX_PASSWORD_BYTES = 72


def hash_password(password: str) -> str:
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise ValueError(f"A password can be at most {MAX_PASSWORD_BYTES} bytes (bcrypt's limit).")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def password_checker(settings: Settings) -> Callable[[str, str], bool] | None:
    """A login check for the review page, or None when no password hash is configured (page disabled)."""
    if settings.reviewer_password_hash is None or not settings.reviewer_password_hash.get_secret_value():
        return None
    expected_user = settings.reviewer_username.encode("utf-8")
    password_hash = settings.reviewer_password_hash.get_secret_value().encode("ascii")

    def check(username: str, password: str) -> bool:
        user_ok = hmac.compare_digest(username.encode("utf-8"), expected_user)
        try:
            password_ok = bcrypt.checkpw(password.encode("utf-8"), password_hash)
        except ValueError:  # a malformed hash in settings must refuse logins, not crash the page
            password_ok = False
        return user_ok and password_ok

    return check


def async_password_checker(settings: Settings) -> Callable[[str, str], Awaitable[bool]] | None:
    """``password_checker`` run in a worker thread: bcrypt takes ~0.2 s of CPU, which on the event loop would
    stall every patient's page while someone signs in (Gradio awaits an async check)."""
    check = password_checker(settings)
    if check is None:
        return None

    async def check_off_the_loop(username: str, password: str) -> bool:
        return await anyio.to_thread.run_sync(check, username, password)

    return check_off_the_loop
