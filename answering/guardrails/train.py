"""Train the personal-vs-general classifier deterministically and write ``personal_classifier.json``.

Usage: ``python -m answering.guardrails.train [--out PATH]``. Data: the hand-written questions in
``training/liver_questions.tsv`` and ``training/general_mentions_asker.tsv`` plus the *training split* of the
silver set with the label a person gave each row (``training/train_labels_{even,odd}.tsv``). The held-out split
is never read here.

The vectors are the torch (fp32) reference embeddings rounded to three decimals: int8 kernels differ by CPU
instruction set (AVX2 vs AVX-512), so int8 vectors, and a classifier trained on them, would differ by machine.
In use the router embeds with either backend; ``tests/test_guardrails_backends.py`` checks the routes agree.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from answering.cli_help import description
from answering.embeddings import reference_vectors as embedding_reference_vectors
from answering.guardrails.classifier import (
    CLASSIFIER_PATH,
    REFERENCE_EMBEDDING,
    PersonalClassifier,
    word_vectorizer,
)
from answering.guardrails.personal import (
    MARKER_FEATURES,
    classifier_features,
    has_personal_cue,
    is_bare_follow_up,
)
from answering.guardrails.silver import load_hand_checked
from answering.guardrails.text import PatternList, head_of, normalise
from answering.list_files import content_lines

TRAINING_DIR = Path(__file__).resolve().parent / "training"
OWN_QUESTION_FILES = ("liver_questions.tsv", "general_mentions_asker.tsv")
OWN_QUESTION_WEIGHT = 3.0
REGULARISATION_C = 1.0
#: Recall first: the threshold is the highest one whose cross-validated recall of personal questions (among
#: those no strong marker decides) reaches this.
TARGET_CV_RECALL = 0.95
#: Without a personal cue the bar rises to the lowest threshold at which at most this share of cue-less general
#: questions is (cross-validated) sent to the care team.
TARGET_CUELESS_FALSE_DEFERRAL = 0.01


@dataclass(frozen=True)
class Example:
    text: str
    personal: bool
    weight: float


def read_tsv(path: Path) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in content_lines(path)]


def own_examples() -> list[Example]:
    rows = [row for name in OWN_QUESTION_FILES for row in read_tsv(TRAINING_DIR / name)]
    return [Example(text, label == "personal", OWN_QUESTION_WEIGHT) for label, text in rows]


def reference_vectors(texts: list[str]) -> np.ndarray:
    """fp32 reference embeddings of each text's head, rounded: the same on every x86-64 CPU to the 3rd decimal."""
    return embedding_reference_vectors([head_of(t) for t in texts])


def silver_examples() -> list[Example]:
    """Silver training rows with the labels a person gave each of them (``drop`` rows left out).

    Bare chat follow-ups ("what about for the cough?") are left out too: their label came from a conversation
    the row does not carry, and taught the classifier that any short question is personal. In the product a
    follow-up inherits its previous turn's verdict instead (``personal.PersonalDetector``).
    """
    return [
        Example(row["text"], row["label"] == "personal", 1.0)
        for row in load_hand_checked("train")
        if not is_bare_follow_up(normalise(row["text"]))
    ]


def train(examples: list[Example]) -> tuple[PersonalClassifier, dict]:
    texts = [normalise(e.text) for e in examples]
    # The word vocabulary is fitted on all training texts (no labels involved), also for the cross-validation.
    words = word_vectorizer().fit(texts)
    features = classifier_features(texts, reference_vectors, words)
    labels = np.array([e.personal for e in examples], dtype=int)
    weights = np.array([e.weight for e in examples])
    model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=5000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    cv_probabilities = cross_val_predict(
        model, features, labels, cv=folds, method="predict_proba", params={"sample_weight": weights}
    )[:, 1]
    reaches_classifier = np.array([not _decided_by_markers(text) for text in texts])
    threshold = _threshold_for_recall(cv_probabilities[reaches_classifier], labels[reaches_classifier])
    cued = np.array([has_personal_cue(text) for text in texts])
    cueless = reaches_classifier & ~cued
    threshold_without_cue = _threshold_for_false_deferral(
        cv_probabilities[cueless & (labels == 0)], floor=threshold
    )
    predicted = cv_probabilities >= np.where(cued, threshold, threshold_without_cue)
    predicted, truth = predicted[reaches_classifier], labels[reaches_classifier]
    report = {
        "examples": len(examples),
        "personal": int(labels.sum()),
        "own_questions": sum(e.weight == OWN_QUESTION_WEIGHT for e in examples),
        "threshold": threshold,
        "threshold_without_cue": threshold_without_cue,
        "cv_cueless_examples": int(cueless.sum()),
        "cv_cueless_personal": int((cueless & (labels == 1)).sum()),
        "cv_examples_reaching_classifier": int(reaches_classifier.sum()),
        "cv_recall_personal": round(float(recall_score(truth, predicted)), 4),
        "cv_false_deferral": round(float(predicted[truth == 0].mean()), 4),
    }
    model.fit(features, labels, sample_weight=weights)
    classifier = PersonalClassifier(
        coef=[round(float(c), 6) for c in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 6),
        threshold=threshold,
        threshold_without_cue=threshold_without_cue,
        marker_features=list(MARKER_FEATURES),
        embedding_model=REFERENCE_EMBEDDING,
        vocabulary=[str(word) for word in words.get_feature_names_out()],
        idf=[round(float(weight), 6) for weight in words.idf_],
        training={**report, "C": REGULARISATION_C, "own_question_weight": OWN_QUESTION_WEIGHT},
    )
    return classifier, report


def _decided_by_markers(normalised: str) -> bool:
    return any(PatternList.load(name).matches(normalised) for name in ("personal_strong", "general_strong"))


def _threshold_for_recall(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The highest threshold (in steps of 0.01) that keeps cross-validated recall >= ``TARGET_CV_RECALL``."""
    positives = np.sort(probabilities[labels == 1])
    allowed_misses = int(np.floor(len(positives) * (1 - TARGET_CV_RECALL)))
    return round(float(np.floor(positives[allowed_misses] * 100) / 100), 2)


def _threshold_for_false_deferral(general_probabilities: np.ndarray, floor: float) -> float:
    """The lowest threshold (steps of 0.01, at least ``floor``) that defers at most the target share."""
    for threshold in np.arange(round(floor * 100), 100) / 100:
        if (general_probabilities >= threshold).mean() <= TARGET_CUELESS_FALSE_DEFERRAL:
            return round(float(threshold), 2)
    return 1.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument("--out", type=Path, default=CLASSIFIER_PATH)
    args = parser.parse_args(argv)
    classifier, report = train(own_examples() + silver_examples())
    classifier.save(args.out)
    print(f"wrote {args.out}: " + ", ".join(f"{key}={value}" for key, value in report.items()))


if __name__ == "__main__":
    main()
