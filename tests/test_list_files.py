"""The hand-kept list files: comments skipped, and words replaced whole, longest entry first."""

from pathlib import Path

from answering.list_files import content_lines, word_replacer


def _list_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_comments_and_blank_lines_are_not_entries(tmp_path):
    path = _list_file(tmp_path, "# a comment\n\nu\tyou\n  # indented comment\n")
    assert content_lines(path) == ["u\tyou"]


def test_a_phrase_wins_over_a_word_it_starts_with_wherever_it_sits_in_the_file(tmp_path):
    for text in ("b\tbe\nb4\tbefore\nb c\tbig cat\n", "b c\tbig cat\nb\tbe\n"):
        replace = word_replacer(_list_file(tmp_path, text))
        assert replace("B c now, b there") == "big cat now, be there"


def test_only_whole_words_are_replaced(tmp_path):
    replace = word_replacer(_list_file(tmp_path, "u\tyou\n"))
    assert replace("u and U, not usual") == "you and you, not usual"
