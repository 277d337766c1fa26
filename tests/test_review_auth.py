"""The nurse login: bcrypt hash from settings; no hash means no review page."""

import pytest
from pydantic import SecretStr, ValidationError

from answering.settings import Settings
from review import __main__ as review_cli
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


def test_a_malformed_hash_is_a_configuration_error_that_says_what_to_do():
    with pytest.raises(ValidationError, match="python -m review hash-password"):
        Settings(reviewer_password_hash=SecretStr("not-a-bcrypt-hash"))


def test_a_password_longer_than_bcrypt_reads_is_refused_clearly_and_never_logs_in():
    with pytest.raises(ValueError, match="at most 72 bytes"):
        hash_password("x" * 73)
    check = password_checker(Settings(reviewer_password_hash=hash_password("x" * 72)))
    assert check("nurse", "x" * 72)
    assert not check("nurse", "x" * 73)


def test_hash_password_on_the_command_line_explains_a_too_long_password(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "é" * 40)
    with pytest.raises(SystemExit):
        review_cli.main(["hash-password"])
    assert "at most 72 bytes" in capsys.readouterr().err
