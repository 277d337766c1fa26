"""Train the PII tagger; write ``pii_model.crfsuite``.

Usage: ``python -m answering.guardrails.train_pii [--out PATH]`` (about 30 s). Data: the development templates of
the labelled PII messages (``pii_data.py``; the held-out templates are never read here) and, as messages with no
identifier, ``NEGATIVES`` messages of the emergency set's training templates, chosen by the hash of their id.
Settings were chosen by four-fold cross-validation over the development templates (c1 0.01–0.2, 1,000 or 3,000
negatives, which kinds are learned: all kinds found the most, and 3,000 negatives as many as 1,000 with the rules);
with 1,000 negatives 48 of the 5,230 labelled emergencies lost a word to [NAME], with 3,000 30. Same machine, same file; on another CPU float
rounding may differ, so the tests check behaviour on labelled data, never bytes.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pycrfsuite

from answering.cli_help import description
from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.pii_data import LabelledMessage, load_messages
from answering.guardrails.pii_tagger import PII_MODEL_PATH, features, labels, tokens

NEGATIVES = 3000
#: L1 and L2 penalties and iterations of crfsuite's L-BFGS.
TRAINING_PARAMETERS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def negative_messages(count: int = NEGATIVES) -> list[str]:
    """``count`` emergency-set messages of training templates (no identifiers), the same on every machine."""
    rows = [e for e in load_emergency_set() if e.split == "train"]
    rows.sort(key=lambda e: hashlib.sha256(e.id.encode("utf-8")).hexdigest())
    return [e.text for e in rows[:count]]


def train(messages: list[LabelledMessage], negatives: list[str], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for message in messages:
        sequence = tokens(message.text)
        trainer.append(features(sequence), labels(sequence, message.spans))
    for text in negatives:
        sequence = tokens(text)
        trainer.append(features(sequence), ["O"] * len(sequence))
    trainer.set_params(TRAINING_PARAMETERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument("--out", type=Path, default=PII_MODEL_PATH)
    args = parser.parse_args(argv)
    development = [m for m in load_messages() if m.split == "development"]
    train(development, negative_messages(), args.out)
    print(f"{args.out}: {len(development)} labelled messages, {NEGATIVES} without identifiers")


if __name__ == "__main__":
    main()
