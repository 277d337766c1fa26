"""What a question asks about, and the cited part of the materials that names it."""

import pytest

from answering.focus import (
    MAX_SENTENCES,
    answered_by_naming,
    compared_sides,
    covered_part,
    defined_term,
    defines,
    defining_pattern,
    focus_of,
    must_be_named,
    naming_sentences,
    narrowing_pattern,
    tells_apart,
    titled_subject,
    unnamed_focus,
)
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.schema import Citation
from answering.settings import PROJECT_ROOT

GLOSSARY = load_glossary(PROJECT_ROOT / "corpus" / GLOSSARY_FILE)


def cited(n: int, quote: str) -> Citation:
    return Citation(n=n, source="doc.md", title="Doc", section="S", chunk_id=f"doc#{n}", quote=quote)


def test_the_focus_is_the_first_glossary_term_in_the_patients_words():
    assert focus_of("What are the side effects of TACE for liver mets?", GLOSSARY).words == "TACE"
    assert focus_of("how long does y90 take", GLOSSARY).words == "y90"
    assert focus_of("how do I book a parking space", GLOSSARY) is None


def test_the_focus_passes_over_a_term_that_says_what_is_asked_about_it():
    assert focus_of("survival rates after SIRT for colorectal liver metastases", GLOSSARY).words == "SIRT"
    assert focus_of("what is a survival rate", GLOSSARY).words == "survival rate"  # nothing else named


def test_only_a_focus_other_than_the_subject_must_be_named():
    """A liver leaflet speaks of "liver surgery" as "surgery" and of "liver secondaries" as liver metastases."""
    assert must_be_named(focus_of("survival after SIRT", GLOSSARY))
    assert not must_be_named(focus_of("5 yr survival after liver surgery", GLOSSARY))
    assert not must_be_named(focus_of("does a team decide treatment for liver secondaries?", GLOSSARY))
    assert not must_be_named(focus_of("what is the survival rate after surgery for liver tumours", GLOSSARY))
    assert not must_be_named(None)


def test_the_covered_part_keeps_only_sentences_naming_the_focus_renumbered():
    citations = [
        cited(1, "Liver metastases often cause no symptoms."),
        cited(2, "TACE delivers chemotherapy with tiny particles."),
        cited(3, "Surgery offers the best chance of a cure."),
        cited(4, "TACE can be combined with other treatments."),
        cited(5, "A third TACE sentence."),
    ]
    part = covered_part(focus_of("side effects of TACE?", GLOSSARY), citations)
    assert part.focus == "TACE"
    assert [c.quote for c in part.citations] == [citations[1].quote, citations[3].quote][:MAX_SENTENCES]
    assert [c.n for c in part.citations] == [1, 2]
    assert part.text == f"{citations[1].quote} [1] {citations[3].quote} [2]"


def test_the_aspect_check_is_narrowed_to_the_focus_unless_it_is_what_the_document_is_about():
    """In the liver metastases leaflet every sentence is about liver metastases, named or not; a Y-90 question
    still needs sentences naming Y-90."""
    leaflet = [
        Citation(n=1, source="lm.md", title="Liver Metastases", section="S", chunk_id="lm#1", quote="x")
    ]
    assert narrowing_pattern(focus_of("how are liver metastases diagnosed", GLOSSARY), leaflet) is None
    assert narrowing_pattern(focus_of("how well does Y-90 work", GLOSSARY), leaflet).search("Y-90 uses beads")
    assert narrowing_pattern(None, leaflet) is None


def test_the_covered_part_never_opens_with_a_sentence_about_something_not_shown():
    orphan = cited(1, "This category includes traditional chemotherapy, which uses drugs.")
    assert covered_part(focus_of("is chemo covered by insurance?", GLOSSARY), [orphan]) is None
    before = cited(1, "Systemic therapies treat the entire body.")
    # The next sentence of its passage:
    after = orphan.model_copy(update={"n": 2, "chunk_id": before.chunk_id})
    part = covered_part(focus_of("is chemo covered by insurance?", GLOSSARY), [before, after])
    assert part is not None and [c.quote for c in part.citations] == [before.quote, orphan.quote]
    assert part.text == f"{before.quote} [1] {orphan.quote} [2]"
    # A sentence of another passage in between says nothing of what "this" is:
    other = cited(3, "Immunotherapy harnesses the immune system.")
    assert covered_part(focus_of("is chemo covered by insurance?", GLOSSARY), [other, orphan]) is None


def test_no_covered_part_without_a_focus_or_a_sentence_naming_it():
    about_surgery = [cited(1, "Surgery offers the best chance of a cure.")]
    assert covered_part(focus_of("side effects of TACE?", GLOSSARY), about_surgery) is None
    assert covered_part(focus_of("how do I book parking", GLOSSARY), about_surgery) is None


ASCITES = cited(
    1, "Other signs include dark-colored urine and ascites, the accumulation of fluid in the abdomen."
)
TACE = cited(1, "Transarterial Chemoembolization (TACE) delivers chemotherapy with tiny particles.")
Y90 = cited(2, "A specialized type of embolization is Y-90 radioembolization.")


@pytest.mark.parametrize(
    ("question", "citations"),
    [
        ("what is ascites?", [ASCITES]),
        ("Ascites meaning", [ASCITES]),
        ("whats TACE", [TACE]),
        ("what does TACE stand for?", [TACE]),
        ("how does TACE work?", [TACE]),
        ("How is TACE different from Y-90?", [TACE, Y90]),
        ("TACE vs Y-90", [TACE, Y90]),
        ("what are TACE and Y-90?", [TACE, Y90]),
    ],
)
def test_a_definition_or_comparison_is_answered_by_the_sentences_naming_its_subject(question, citations):
    assert answered_by_naming(question, GLOSSARY, citations)


@pytest.mark.parametrize(
    ("question", "citations"),
    [
        ("what is normal to feel after TACE?", [TACE]),  # not a definition
        ("What is ascites and why does it happen?", [ASCITES]),
        ("what is TACE?", [ASCITES]),  # no cited sentence names it
        ("How is TACE different from Y-90?", [TACE]),  # one side only
        ("is TACE better than Y-90", [TACE, Y90]),  # how well each works, not what each is
        ("how well does TACE work?", [TACE]),
        ("does TACE work?", [TACE]),
        ("what are TACE and Y-90?", [TACE]),  # one of the two only
        ("what are the risks of TACE and Y-90?", [TACE, Y90]),
        ("how do I book parking", [TACE]),
    ],
)
def test_other_questions_need_a_sentence_that_answers_them(question, citations):
    assert not answered_by_naming(question, GLOSSARY, citations)


@pytest.mark.parametrize(
    "question",
    [
        "what is ascites?",
        "Explain ascites in simple words",
        "can you explain what ascites is in plain english",
        "tell me about ascites please",
        "ascites meaning",
        # searched for beside the materials' subject, which says where, not what
        "ascites liver metastases",
        "what is ascites in liver mets",
        "ascites explained",
        "ascites, what does it mean?",
        "what does that word ascites mean",
    ],
)
def test_a_request_to_explain_a_term_asks_for_its_definition(question):
    assert defined_term(question, GLOSSARY) is not None


@pytest.mark.parametrize(
    "question",
    [
        "is ascites painful?",
        "explain why ascites happens",
        "tell me about ascites treatment",
        "ascites treatment liver mets",
        "TACE vs Y-90 liver metastases",
        "is it ascites that explains the swelling",
    ],
)
def test_asking_something_of_a_term_is_no_definition_request(question):
    assert defined_term(question, GLOSSARY) is None


def test_a_definition_question_names_its_term_and_keeps_only_the_sentences_about_it():
    term = defined_term("what is ascites?", GLOSSARY)
    assert term is not None and defined_term("what causes ascites?", GLOSSARY) is None
    about = cited(2, "Ascites is the accumulation of fluid in the abdomen.")
    going_on = cited(3, "This swelling can be drained.")
    beside = [
        cited(1, "Jaundice is the yellowing of the skin."),
        about,
        going_on,
        cited(4, "TACE blocks vessels."),
    ]
    kept = naming_sentences(term, beside)
    assert [c.quote for c in kept] == [about.quote, going_on.quote] and [c.n for c in kept] == [1, 2]


def titled(title: str) -> Citation:
    return Citation(n=1, source="doc.txt", title=title, section="S", chunk_id="doc#1", quote="…")


@pytest.mark.parametrize(
    ("question", "title", "subject"),
    [
        ("What is (are) Adult Hodgkin Lymphoma ?", "Adult Hodgkin Lymphoma", "Adult Hodgkin Lymphoma"),
        ("what are liver metastases", "Liver Metastases", "Liver Metastases"),
        (
            "What is intraocular (uveal) melanoma?",
            "Intraocular (Uveal) Melanoma",
            "Intraocular (Uveal) Melanoma",
        ),
        ("How are liver metastases treated?", "Liver Metastases", None),  # not a definition question
        ("What is Hodgkin lymphoma?", "Adult Hodgkin Lymphoma", None),  # the title is not named whole
    ],
)
def test_a_definition_question_about_a_documents_title(question, title, subject):
    assert titled_subject(question, [titled(title)]) == subject


@pytest.mark.parametrize(
    ("sentence", "subject", "says_what_it_is"),
    [
        (
            "Liver metastases, or secondary liver cancer, occur when cancer cells travel",
            "Liver Metastases",
            True,
        ),
        ("Adult Hodgkin lymphoma is a disease in which malignant cells form", "Adult Hodgkin Lymphoma", True),
        (
            "Liver cancer is a disease in which malignant cells form in the liver.",
            "Liver (Hepatocellular) Cancer",
            True,
        ),
        (
            "Childhood vascular tumors form from cells that make blood vessels.",
            "Childhood Vascular Tumors",
            True,
        ),
        ("After neuroblastoma has been diagnosed, tests are done to stage it.", "Neuroblastoma", False),
        (
            "Tests to stage small intestine cancer are usually done at diagnosis.",
            "Small Intestine Cancer",
            False,
        ),
    ],
)
def test_a_sentence_says_what_its_subject_is_only_when_it_opens_with_it(sentence, subject, says_what_it_is):
    assert defines(sentence, subject) is says_what_it_is


FLUID = "Other physical signs include dark-colored urine, pale stools, and ascites."
ORIGIN = "The liver is a frequent destination for metastatic disease because of its blood supply."


@pytest.mark.parametrize(
    ("question", "quotes", "unnamed"),
    [
        ("ascites - what is it and why does it happen?", [ORIGIN], "ascites"),
        ("can an ultrasound detect liver metastases", [ORIGIN], "ultrasound"),
        ("ascites - what is it and why does it happen?", [ORIGIN, FLUID], None),
        ("chemo vs immunotherapy, what's the difference", ["Immunotherapy uses the immune system."], None),
        ("how are liver secondaries treated?", [ORIGIN], None),  # the materials' subject, in other words
        ("how do I get there by bus", [ORIGIN], None),  # no glossary term asked
    ],
)
def test_an_answer_must_name_one_of_the_terms_asked_about(question, quotes, unnamed):
    citations = [cited(n, quote) for n, quote in enumerate(quotes, start=1)]
    found = unnamed_focus(question, GLOSSARY, citations)
    assert (found.words if found else None) == unnamed


def test_a_term_a_cited_document_is_about_needs_no_sentence_naming_it():
    about_ascites = Citation(n=1, source="a.md", title="Ascites", section="S", chunk_id="a#1", quote=ORIGIN)
    assert unnamed_focus("ascites - why does it happen?", GLOSSARY, [about_ascites]) is None


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("difference between chemo and targeted therapy", ["chemotherapy", "targeted therapy"]),
        ("How is TACE different from Y-90?", ["chemoembolization (TACE)", "radioembolization (Y-90)"]),
        # the materials' subject is no side
        ("local vs systemic therapy for liver mets", []),
        ("what is TACE?", []),  # no comparison
        ("TACE and Y-90: what are they?", []),  # two things, not compared
    ],
)
def test_a_comparison_sets_two_named_things_side_by_side(question, sides):
    assert [entry.term for entry in compared_sides(question, GLOSSARY)] == sides


def test_sentences_naming_both_compared_things_alike_do_not_tell_them_apart():
    sides = compared_sides("rfa vs microwave ablation", GLOSSARY)
    both = (
        "Ablation techniques, such as radiofrequency ablation (RFA) and microwave ablation (MWA), use heat."
    )
    one = "Microwave ablation heats a larger zone in less time."
    assert not tells_apart(sides, [both])
    assert tells_apart(sides, [both, one])
    assert tells_apart(sides, ["Surgery offers the best chance of a cure."])  # other checks decide


def test_a_defining_sentence_opens_with_the_subject_when_searched_for_too():
    """The pattern picks the sentences to answer a definition from (``naming``, searched): one that names the
    subject further in says something else about it."""
    pattern = defining_pattern("Colorectal Cancer")
    assert pattern.search(
        "Colorectal cancer occurs when malignant tumors form in the lining of the large intestine."
    )
    assert not pattern.search(
        "Parents of a person who has had colorectal cancer are somewhat more likely to get it."
    )
