"""Chat HTML: patient text stays text, answers show their route, citation marks and sources."""

from datetime import datetime

import pytest
from webui_fakes import TACE_CITATION

from answering.schema import Answer, Citation, GlossaryTerm, ReviewedMark, Route
from answering.settings import PROJECT_ROOT
from webui.formatting import ROUTE_LABELS, assistant_message, disclaimer_html, notice_message, user_message

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_patient_text_is_escaped_never_markup(attack):
    shown = user_message(attack)
    assert "<script" not in shown and "<img" not in shown and "<a " not in shown
    assert "&lt;" in shown or "javascript:alert(1)" in shown  # visible as typed


def test_hard_words_are_listed_under_the_answer_and_their_definitions_open_on_a_tap():
    terms = [GlossaryTerm(term="ascites", definition="Fluid in the belly.")]
    shown = assistant_message(
        Answer(route=Route.ANSWERED, text="Ascites. [1]", citations=[TACE_CITATION], glossary=terms)
    )
    assert '<details class="glossary"><summary>' in shown and "ascites</summary>" in shown
    assert "<dd>Fluid in the belly.</dd>" in shown
    assert shown.index("glossary") < shown.index('class="sources"')


@pytest.mark.parametrize("attack", ATTACKS)
def test_glossary_text_cannot_inject_markup(attack):
    terms = [GlossaryTerm(term=attack, definition=attack)]
    shown = assistant_message(Answer(route=Route.ANSWERED, text="x [1]", glossary=terms))
    assert "<script" not in shown and "<img" not in shown and 'href="javascript' not in shown


@pytest.mark.parametrize("attack", ATTACKS)
def test_answer_text_and_quotes_cannot_inject_markup(attack):
    citation = TACE_CITATION.model_copy(update={"quote": attack, "title": attack, "section": attack})
    shown = assistant_message(Answer(route=Route.ANSWERED, text=f"{attack} [1]", citations=[citation]))
    assert "<script" not in shown and "<img" not in shown and 'href="javascript' not in shown


def test_user_text_keeps_emoji_other_scripts_and_line_breaks():
    shown = user_message("Was ist TACE? 肝转移 🙂\nzweite Zeile")
    assert "肝转移 🙂" in shown and "<br>" in shown


def test_answer_has_citation_marks_and_expandable_sources():
    shown = assistant_message(
        Answer(route=Route.ANSWERED, text="TACE blocks the artery [1].", citations=[TACE_CITATION])
    )
    assert 'class="reply reply-answered"' in shown
    assert '<sup class="cite">[1]</sup>' in shown
    assert "<details" in shown and "Liver Metastases — Local therapies" in shown
    assert TACE_CITATION.quote in shown
    assert "route-label" not in shown  # ordinary answers carry no warning label


def test_sources_are_listed_in_citation_order():
    second = Citation(**{**TACE_CITATION.model_dump(), "n": 2, "quote": "Second quote."})
    shown = assistant_message(
        Answer(route=Route.ANSWERED, text="a [1] b [2]", citations=[second, TACE_CITATION])
    )
    assert shown.index(TACE_CITATION.quote) < shown.index("Second quote.")


def test_sentences_from_one_section_are_one_source_entry_with_their_numbers():
    same = Citation(**{**TACE_CITATION.model_dump(), "n": 2, "quote": "Second quote."})
    other = Citation(
        **{**TACE_CITATION.model_dump(), "n": 3, "section": "Diagnosis", "quote": "Third quote."}
    )
    shown = assistant_message(
        Answer(route=Route.ANSWERED, text="a [1] b [2] c [3]", citations=[TACE_CITATION, same, other])
    )
    assert shown.count("<details") == 2
    assert '<p class="sources-title">Sources (2)</p>' in shown  # sections, not sentences
    assert '<span class="cite-n">[1][2]</span> Liver Metastases — Local therapies' in shown
    first_entry = shown.split("</details>")[0]
    assert (
        TACE_CITATION.quote in first_entry
        and "Second quote." in first_entry
        and "[2]</span> Second" in first_entry
    )


@pytest.mark.parametrize(
    ("route", "label"),
    [
        (Route.CARE_TEAM, "care team"),
        (Route.EMERGENCY, "Urgent"),
        (Route.OUT_OF_SCOPE, "Not covered"),
    ],
)
def test_non_answers_are_labelled_and_styled_by_route(route, label):
    shown = assistant_message(Answer(route=route, text="Please call your care team.\n\n- one\n- two"))
    assert f'class="reply reply-{route.value}"' in shown
    assert "route-label" in shown and label in shown
    assert f'class="route-icon route-icon-{route.value}"' in shown
    assert all(ord(c) < 0x2100 for c in shown.split('class="route-label">')[1].split("</p>")[0])  # no emoji
    assert "<li>one</li>" in shown  # template Markdown renders
    assert "\n\n" not in shown  # one HTML block for the chat's Markdown pass


def test_page_notices_are_styled_apart_from_answers():
    assert 'class="reply reply-notice"' in notice_message("Please type a question first.")


def test_every_route_label_has_an_icon_in_the_stylesheet():
    css = (PROJECT_ROOT / "webui" / "style.css").read_text(encoding="utf-8")
    assert all(
        f'.route-icon-{route.value} {{ background-image: url("data:image/svg+xml' in css
        for route in ROUTE_LABELS
    )


def test_a_reviewed_answer_says_so_with_the_date_and_a_fresh_one_does_not():
    fresh = Answer(route=Route.ANSWERED, text="TACE blocks the artery [1].", citations=[TACE_CITATION])
    reviewed = fresh.model_copy(
        update={"reviewed": ReviewedMark(id=3, reviewed_at=datetime(2026, 11, 5, 14))}
    )
    assert "Reviewed by the care team, 5 November 2026" in assistant_message(reviewed)
    assert "reviewed-mark" not in assistant_message(fresh)
    assert 'class="sources"' in assistant_message(reviewed)


def test_a_note_on_the_askers_case_comes_before_the_answer_set_apart_and_escaped():
    note = "I can't speak to your own case <b>or a relative's</b>."
    answer = Answer(
        route=Route.ANSWERED, text="TACE blocks the artery [1].", note=note, citations=[TACE_CITATION]
    )
    html = assistant_message(answer)
    assert html.index('class="answer-note"') < html.index("TACE blocks")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "answer-note" not in assistant_message(answer.model_copy(update={"note": ""}))
    assert ".answer-note" in (PROJECT_ROOT / "webui" / "style.css").read_text()


def test_a_restated_sentence_shows_the_verbatim_source_with_the_plain_words_beside_it():
    plain = TACE_CITATION.model_copy(update={"plain": "TACE puts cancer medicine right into the tumor <b>."})
    shown = assistant_message(Answer(route=Route.ANSWERED, text=f"{plain.plain} [1]", citations=[plain]))
    source = shown.split("<details")[1]
    assert TACE_CITATION.quote in source
    assert "In the answer, in plain words: TACE puts cancer medicine" in source and "<b>" not in source


def test_the_disclaimer_shows_its_first_paragraph_and_folds_the_rest():
    shown = disclaimer_html(
        "**Not advice.** Call <b>999</b> now.\n\nMy answers come from approved materials."
    )
    summary, _, folded = shown.partition("</summary>")
    assert "<strong>Not advice.</strong>" in summary and "Call &lt;b&gt;999&lt;/b&gt; now." in summary
    assert "approved materials" in folded and "approved materials" not in summary
    assert shown.startswith('<details class="disclaimer">')  # closed until tapped
