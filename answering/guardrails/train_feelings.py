"""Train the feelings model; write ``feelings_model.json``.

Usage: ``python -m answering.guardrails.train_feelings`` (~10 s). Feelings: the emergency set's emotional
look-alikes ("I'm so scared of the scan next week I can't concentrate") and ``training/feelings/`` (feelings of
patients and relatives, and the same words used otherwise: symptoms told with worry, results asked nervously,
emergencies with fear in them, idioms). Everything else the emergency set holds, the personal classifier's
questions and everyday chat are not feelings.

Validation: the emergency set's held-out templates and one ``training/feelings/`` template in five. The threshold
is the lowest (steps of 0.05) whose validation false-positive share is at most ``MAX_VALIDATION_FALSE_SHARE``;
the model is then fitted on every row and shipped with its validation figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from answering.cli_help import description
from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.feelings import FEELINGS_MODEL_PATH, VECTORISER_OPTIONS
from answering.guardrails.text import normalise
from answering.guardrails.train import OWN_QUESTION_FILES, TRAINING_DIR, read_tsv
from answering.guardrails.train_emergency import EVERYDAY_FILE
from answering.splits import one_in

FEELINGS_DIR = TRAINING_DIR / "feelings"
#: The emergency set's kinds of look-alike that share feelings with no danger.
EMOTIONAL_KINDS = frozenset({"emotion", "emotional", "emotional_not_crisis", "emotional_ok"})
REGULARISATION = 3.0
#: A false positive gives a decision question the warm reply instead of the calm one: mild, but not free.
MAX_VALIDATION_FALSE_SHARE = 0.02


def labelled_rows() -> list[tuple[str, bool, bool]]:
    """(normalised text, shares feelings, set aside for validation)."""
    rows = [
        (
            normalise(example.text),
            not example.emergency and example.kind in EMOTIONAL_KINDS,
            example.split != "train",
        )
        for example in load_emergency_set()
    ]
    for path in sorted(FEELINGS_DIR.glob("*.jsonl")):
        for row in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines())):
            rows.append(
                (normalise(row["text"]), row["label"] == "feelings", one_in(f"feelings:{row['template']}", 5))
            )
    for name in (*OWN_QUESTION_FILES, EVERYDAY_FILE):
        rows.extend((normalise(text), False, False) for _, text in read_tsv(TRAINING_DIR / name))
    return rows


def fit(texts: list[str], labels: list[bool]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectoriser = TfidfVectorizer(**VECTORISER_OPTIONS)
    model = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
    return vectoriser, model.fit(vectoriser.fit_transform(texts), labels)


def choose_threshold(probability: np.ndarray, feelings: np.ndarray) -> tuple[float, dict]:
    for threshold in np.arange(0.05, 1.0, 0.05):
        found = probability >= threshold
        if found[~feelings].mean() <= MAX_VALIDATION_FALSE_SHARE:
            return round(float(threshold), 2), {
                "recall": round(float(found[feelings].mean()), 3),
                "false_share": round(float(found[~feelings].mean()), 3),
                "feelings": int(feelings.sum()),
                "others": int((~feelings).sum()),
            }
    raise ValueError("no threshold keeps the validation false positives low enough")


def card(vectoriser: TfidfVectorizer, model: LogisticRegression, threshold: float, training: dict) -> dict:
    vocabulary = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.get)
    return {
        "model": "word and word-pair TF-IDF, logistic regression (scikit-learn)",
        "threshold": threshold,
        "training": training,
        "bias": round(float(model.intercept_[0]), 6),
        "vocabulary": {term: index for index, term in enumerate(vocabulary)},
        "idf": [round(float(value), 6) for value in vectoriser.idf_],
        "weights": [round(float(value), 6) for value in model.coef_[0]],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument("--out", type=Path, default=FEELINGS_MODEL_PATH)
    args = parser.parse_args(argv)

    rows = labelled_rows()
    texts = np.array([text for text, _, _ in rows], dtype=object)
    labels = np.array([feelings for _, feelings, _ in rows])
    validation = np.array([held for _, _, held in rows])
    vectoriser, model = fit(texts[~validation].tolist(), labels[~validation].tolist())
    probability = model.predict_proba(vectoriser.transform(texts[validation].tolist()))[:, 1]
    threshold, figures = choose_threshold(probability, labels[validation])
    vectoriser, model = fit(texts.tolist(), labels.tolist())
    training = {"examples": len(texts), "feelings": int(labels.sum()), "validation": figures}
    args.out.write_text(json.dumps(card(vectoriser, model, threshold, training)) + "\n", encoding="utf-8")
    print(f"threshold {threshold}; validation: {figures}; wrote {args.out}")


if __name__ == "__main__":
    main()
