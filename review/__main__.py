"""``python -m review hash-password`` and ``python -m review export-csv FILE``.

Eval items from the reviews: ``python -m evals from-reviews --out FILE`` (or the review page's button).
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from answering.settings import get_settings
from review.auth import hash_password
from review.store import ReviewStore


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m review", description="Nurse review store tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("hash-password", help="Print a bcrypt hash to put in REVIEWER_PASSWORD_HASH.")
    export = commands.add_parser("export-csv", help="Reviewed turns, one row each with the latest verdict.")
    export.add_argument("out", type=Path)
    export.add_argument("--db", help="SQLAlchemy URL (default: settings.review_db_url)")
    args = parser.parse_args(argv)

    if args.command == "hash-password":
        password = getpass.getpass("Reviewer password: ")
        if not password or password != getpass.getpass("Again: "):
            parser.error("The passwords are empty or differ.")
        try:
            print(hash_password(password))
        except ValueError as error:
            parser.error(str(error))
    else:
        print(f"CSV → {ReviewStore(args.db or get_settings().review_db_url).export_csv(args.out)}")


if __name__ == "__main__":
    main()
