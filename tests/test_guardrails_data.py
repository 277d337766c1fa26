"""The silver split and the labelled guardrail set: consistent and separate."""

from answering.guardrails import train
from answering.guardrails.emergency_data import fixed_splits, load_emergency_set
from answering.guardrails.emergency_patterns import EMERGENCY_CATEGORIES
from answering.guardrails.silver import hand_checked_labels, load_silver, split_of
from answering.settings import PROJECT_ROOT
from evals.dataset import load_items

GUARDRAIL_SET = PROJECT_ROOT / "evals" / "guardrails.jsonl"


def test_the_silver_split_is_stable_and_disjoint():
    assert split_of("kqa-1") == split_of("kqa-1")
    splits = {name: {row["id"] for row in load_silver(name)} for name in ("heldout", "evalpool", "train")}
    assert not (splits["heldout"] & splits["train"]) and not (splits["evalpool"] & splits["train"])
    total = sum(len(ids) for ids in splits.values())
    assert 0.25 < len(splits["heldout"]) / total < 0.35


def test_every_silver_row_has_a_hand_checked_label():
    labels = hand_checked_labels()
    rows = [row for split in ("heldout", "evalpool", "train") for row in load_silver(split)]
    assert {row["id"] for row in rows} <= set(labels)
    assert set(labels.values()) <= {"personal", "general", "drop"}


def test_the_emergency_set_holds_out_whole_templates_in_every_category():
    examples = load_emergency_set()
    held = {e.template for e in examples if e.split == "heldout"}
    trained = {e.template for e in examples if e.split == "train"}
    assert not held & trained
    # The former probes' rows (``probe_rows.jsonl``, each its own template, "pr-…") are trained on whole: they were
    # evals, measured blind before they became training data. The written templates are split by category.
    written = [e for e in examples if not e.template.startswith("pr-")]
    assert all(e.split == "train" for e in examples if e.template.startswith("pr-"))
    for label in (True, False):
        for category in EMERGENCY_CATEGORIES:
            chosen = [e for e in written if e.emergency == label and e.category == category]
            assert len(chosen) >= 100, (label, category)
            share = sum(e.split == "heldout" for e in chosen) / len(chosen)
            assert 0.2 < share < 0.4, (label, category, share)


def test_training_never_sees_held_out_or_eval_text():
    training_texts = {e.text for e in train.silver_examples()} | {e.text for e in train.own_examples()}
    held_out = {row["text"] for row in load_silver("heldout")}
    evaluated = {item.question for item in load_items(GUARDRAIL_SET)}
    assert not training_texts & evaluated
    assert not training_texts & held_out


def test_the_guardrail_set_is_large_labelled_and_covers_every_category():
    items = load_items(GUARDRAIL_SET)
    assert len(items) >= 300
    counts = {
        c: sum(i.category == c for i in items) for c in ("answer", "personal", "emergency", "out_of_scope")
    }
    assert min(counts.values()) >= 20
    assert sum(i.category == "injection" for i in items) >= 15
    assert sum(bool(i.history) for i in items) >= 10
    silver = [i for i in items if i.id.startswith("silver-")]
    assert len(silver) >= 50
    assert all(split_of(i.id.removeprefix("silver-")) == "evalpool" for i in silver)


def test_every_emergency_template_has_a_fixed_split_and_the_file_lists_no_other():
    """``splits.tsv`` fixes each template's side, so adding data never moves a template a model trained on."""
    templates = {e.template for e in load_emergency_set()}
    fixed = fixed_splits()
    assert set(fixed) == templates
    assert set(fixed.values()) == {"train", "heldout"}
    assert {e.template: e.split for e in load_emergency_set()} == fixed
