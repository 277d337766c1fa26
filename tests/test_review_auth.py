"""The nurse login: bcrypt hash from settings; no hash means no review page."""

from pydantic import SecretStr

from answering.settings import Settings
from review.auth import hash_password, password_checker


def test_no_hash_configured_disables_the_login():
    assert password_checker(Settings(reviewer_password_hash=None)) is None
    assert password_checker(Settings(reviewer_password_hash=SecretStr(""))) is None


def test_only_the_configured_user_with_the_right_password_gets_in():
    check = password_checker(
        Settings(reviewer_username="nurse", reviewer_password_hash=hash_password("s3cret!"))
    )
    assert check("nurse", "s3cret!")
    assert not check("nurse", "s3cret")
    assert not check("admin", "s3cret!")
    assert not check("", "")


def test_a_malformed_hash_refuses_logins_instead_of_crashing():
    check = password_checker(Settings(reviewer_password_hash=SecretStr("not-a-bcrypt-hash")))
    assert not check("nurse", "anything")
