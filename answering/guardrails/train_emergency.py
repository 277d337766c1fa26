"""Train the emergency classifier deterministically and write ``emergency_classifier.json``.

Usage: ``python -m answering.guardrails.train_emergency [--out PATH]``. Data: the *train* split of the labelled
emergency set (``emergency_data.py``) plus, as non-emergencies, the hand-written questions the personal
classifier learns from, everyday chat (``training/everyday_messages.tsv``) and the silver set's training rows
that hold no red-flag word. The held-out templates
are never read here.

The vectors are the torch (fp32) reference embeddings rounded to three decimals, so the shipped file does not
depend on the instruction set of the machine that trained it; in use the router embeds with the int8 backend
(cosine 0.994 to the reference), and ``tests/test_guardrails_backends.py`` checks that routes agree.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from answering.guardrails.classifier import REFERENCE_EMBEDDING
from answering.guardrails.emergency import FRAMED_THRESHOLD, find_fever_on_treatment, find_self_harm
from answering.guardrails.emergency_classifier import (
    EMERGENCY_CLASSIFIER_PATH,
    NONE,
    EmergencyClassifier,
    char_ngrams,
    emergency_features,
    word_ngrams,
)
from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.emergency_patterns import (
    EMERGENCY_CATEGORIES,
    is_exempt_framing,
    pattern_category,
    without_negated,
)
from answering.guardrails.silver import load_silver
from answering.guardrails.text import normalise
from answering.guardrails.train import (
    OWN_QUESTION_FILES,
    TRAINING_DIR,
    read_tsv,
    reference_vectors,
)

REGULARISATION_C = 4.0
#: Greetings, off-topic, admin, textbook and non-urgent personal messages (all "general" to this file only:
#: the personal classifier must not read it, its personal questions are labelled for emergencies alone).
EVERYDAY_FILE = "everyday_messages.tsv"
WORD_FEATURES = 2000
CHAR_FEATURES = 2000
#: The threshold is the highest (steps of 0.01) whose cross-validated recall of the whole detector
#: (self-harm patterns or classifier) on the training emergencies reaches this, templates held out together.
TARGET_CV_RECALL = 0.99


def training_rows() -> tuple[list[str], list[str], list[str]]:
    """(texts as the detector reads them, class labels, groups for cross-validation)."""
    texts, labels, groups = [], [], []
    for example in load_emergency_set():
        if example.split == "train":
            texts.append(without_negated(normalise(example.text)))
            labels.append(example.category if example.emergency else NONE)
            groups.append(example.template)
    for row in load_silver("train"):  # real consumer messages, long portal messages too
        text = without_negated(normalise(row["text"]))
        if pattern_category(text) is None:  # a red-flag word makes the silver "not an emergency" unsure
            texts.append(text)
            labels.append(NONE)
            groups.append(f"silver:{row['id']}")
    for name in (*OWN_QUESTION_FILES, EVERYDAY_FILE):  # personal and general questions, chat: no emergency
        for index, (_, text) in enumerate(read_tsv(TRAINING_DIR / name)):
            texts.append(without_negated(normalise(text)))
            labels.append(NONE)
            groups.append(f"{name}:{index // 5}")
    return texts, labels, groups


def _pattern_decides(text: str) -> bool:
    """On the negation-free text, as in use (the cut was made before)."""
    return find_self_harm(text) is not None or find_fever_on_treatment(text) is not None


def _caught(
    probability: np.ndarray, threshold: float, by_pattern: np.ndarray, framed: np.ndarray
) -> np.ndarray:
    """The detector's rule: self-harm patterns, else the threshold (higher for textbook / plan / past framing)."""
    return by_pattern | (probability >= np.where(framed, max(threshold, FRAMED_THRESHOLD), threshold))


def _threshold_for_recall(
    probability: np.ndarray, positive: np.ndarray, by_pattern: np.ndarray, framed: np.ndarray
) -> float:
    for threshold in np.arange(99, 0, -1) / 100:
        if _caught(probability, threshold, by_pattern, framed)[positive].mean() >= TARGET_CV_RECALL:
            return round(float(threshold), 2)
    return 0.01


def train(texts: list[str], labels: list[str], groups: list[str]) -> tuple[EmergencyClassifier, dict]:
    words = word_ngrams(max_features=WORD_FEATURES).fit(texts)
    chars = char_ngrams(max_features=CHAR_FEATURES).fit(texts)
    features = emergency_features(texts, reference_vectors(texts), words, chars)
    classes = [NONE, *EMERGENCY_CATEGORIES]
    y = np.array([classes.index(label) for label in labels])
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000)
    probabilities = cross_val_predict(
        model, features, y, cv=GroupKFold(n_splits=5), groups=groups, method="predict_proba"
    )
    emergency_probability = 1.0 - probabilities[:, 0]
    positive = y != 0
    by_pattern = np.array([_pattern_decides(text) for text in texts])
    framed = np.array([is_exempt_framing(text) for text in texts])
    threshold = _threshold_for_recall(emergency_probability, positive, by_pattern, framed)
    caught = _caught(emergency_probability, threshold, by_pattern, framed)
    report = {
        "examples": len(texts),
        "emergencies": int(positive.sum()),
        "threshold": threshold,
        "cv_recall": round(float(caught[positive].mean()), 4),
        "cv_false_alarms": round(float(caught[~positive].mean()), 4),
        "cv_recall_deciding_patterns_alone": round(float(by_pattern[positive].mean()), 4),
    }
    model.fit(features, y)
    classifier = EmergencyClassifier(
        classes=classes,
        coef=[[round(float(c), 5) for c in row] for row in model.coef_],
        intercept=[round(float(c), 5) for c in model.intercept_],
        threshold=threshold,
        word_vocabulary=[str(w) for w in words.get_feature_names_out()],
        word_idf=[round(float(v), 5) for v in words.idf_],
        char_vocabulary=[str(c) for c in chars.get_feature_names_out()],
        char_idf=[round(float(v), 5) for v in chars.idf_],
        embedding_model=REFERENCE_EMBEDDING,
        training={**report, "C": REGULARISATION_C},
    )
    return classifier, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=EMERGENCY_CLASSIFIER_PATH)
    args = parser.parse_args(argv)
    classifier, report = train(*training_rows())
    classifier.save(args.out)
    print(f"wrote {args.out}: " + ", ".join(f"{key}={value}" for key, value in report.items()))


if __name__ == "__main__":
    main()
