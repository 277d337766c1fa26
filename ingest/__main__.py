"""``python -m ingest [DIR]``: bring the index in line with a folder of documents."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from answering.cli_help import description
from answering.settings import get_settings
from answering.store import IndexUnavailableError
from ingest.pipeline import ingest_corpus

#: ``--strict``: some files could not be read (2 is a usage or index error).
SKIPPED_EXIT = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=description(__doc__))
    parser.add_argument(
        "corpus_dir", nargs="?", type=Path, help="folder of .txt/.md/.html/.pdf (default: CORPUS_DIR)"
    )
    parser.add_argument("--index-dir", type=Path, help="where the index lives (default: INDEX_DIR)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--strict", action="store_true", help=f"exit {SKIPPED_EXIT} when any file was skipped (for scripts)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    overrides = {
        key: value for key, value in (("corpus_dir", args.corpus_dir), ("index_dir", args.index_dir)) if value
    }
    settings = get_settings().model_copy(update=overrides)
    try:
        report = ingest_corpus(settings, progress=not args.quiet)
    except (FileNotFoundError, IndexUnavailableError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    if not report.errors:
        return 0
    print(
        f"{len(report.errors)} file(s) were skipped and are not in the index: fix or remove them, then run again."
    )
    return SKIPPED_EXIT if args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
