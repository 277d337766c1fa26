"""``--help`` reads as plain text: the docstrings' ``code`` marks are not printed."""

import importlib

import pytest

COMMANDS = [
    "evals.__main__",
    "ingest.__main__",
    "answering.guardrails.train",
    "answering.guardrails.train_emergency",
]


@pytest.mark.parametrize("module", COMMANDS)
def test_help_has_no_literal_backticks(module, capsys):
    with pytest.raises(SystemExit) as exit_:
        importlib.import_module(module).main(["--help"])
    shown = capsys.readouterr().out
    assert exit_.value.code == 0 and "usage: " in shown and "``" not in shown
