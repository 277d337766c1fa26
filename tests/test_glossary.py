"""Hard words are explained: every rare word and abbreviation the corpus quotes has a plain definition."""

import pytest
import textstat

from answering.glossary import GLOSSARY_FILE, definition_problems, entries_in, load_glossary, terms_in
from answering.sentences import split_sentences
from answering.settings import PROJECT_ROOT
from evals.corpus_reader import unexplained_by

GLOSSARY = load_glossary(PROJECT_ROOT / "corpus" / GLOSSARY_FILE)


def test_every_hard_word_of_the_corpus_has_an_entry():
    text = (PROJECT_ROOT / "corpus" / "liver-metastases.md").read_text(encoding="utf-8")
    assert unexplained_by(" ".join(split_sentences(text)), GLOSSARY) == set()


def test_the_check_finds_a_word_the_glossary_lacks():
    without_ascites = tuple(entry for entry in GLOSSARY if "ascites" not in entry.variants)
    assert unexplained_by("Ascites is the accumulation of fluid.", without_ascites) == {"ascites"}


@pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry.term)
def test_definitions_are_plain(entry):
    """The rule a nurse's rewrite on the review page is held to as well."""
    assert definition_problems(entry.definition) == []


def test_a_hard_definition_would_fail_the_grade_check():
    hard = "Accumulation of peritoneal fluid secondary to portal hypertension and hypoalbuminaemia."
    [problem] = definition_problems(hard)
    assert problem.startswith(f"it reads at school grade {textstat.flesch_kincaid_grade(hard):.1f}")


def test_no_variant_belongs_to_two_entries():
    variants = [variant for entry in GLOSSARY for variant in entry.variants]
    assert len(variants) == len(set(variants))


def test_terms_are_listed_once_in_order_of_first_mention_and_as_whole_words():
    text = "Jaundice comes from bilirubin. Bilirubin is made from old red cells, as a mobile phone is not."
    assert [t.term for t in terms_in(text, GLOSSARY)][:2] == ["jaundice", "bilirubin"]
    assert "bile" not in [t.term for t in terms_in("a mobile phone", GLOSSARY)]


def test_a_mention_inside_a_longer_one_is_the_longer_terms_only():
    """ "What is a liver resection?" asks about one term (surgical resection), so it is answered as a definition."""
    assert [e.term for e, _ in entries_in("what is a liver resection", GLOSSARY)] == ["surgical resection"]
    assert [e.term for e, _ in entries_in("a liver resection, then another resection", GLOSSARY)] == [
        "surgical resection",
        "resection",
    ]


def test_an_answer_explains_its_hard_words(seed_assistant):
    answer = seed_assistant.answer("What is ascites?")
    assert "ascites" in [term.term for term in answer.glossary]
