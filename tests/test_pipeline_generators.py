"""A generator's text reaches the patient only through grounding; any failure falls back to extractive."""

import pytest

from answering.generators import GeneratorError
from answering.pipeline import Assistant
from answering.schema import Route

pytestmark = pytest.mark.slow


class ScriptedGenerator:
    """Writes a fixed text, or fails, like a real model server might."""

    name = "scripted"

    def __init__(self, text: str = "", error: Exception | None = None) -> None:
        self.text, self.error = text, error

    def stream(self, question, retrieval):
        if self.error:
            raise self.error
        yield from self.text.split(" ")[:1]
        yield from (f" {word}" for word in self.text.split(" ")[1:])


def with_generator(seed_assistant, generator) -> Assistant:
    return Assistant(seed_assistant.settings, seed_assistant.router, seed_assistant.retriever, generator)


def test_faithful_generated_answer_is_kept_and_cited(seed_assistant):
    text = "Microwave ablation uses heat energy delivered through a needle to destroy small tumors."
    answer = with_generator(seed_assistant, ScriptedGenerator(text)).answer("What is microwave ablation?")
    assert answer.route == Route.ANSWERED
    assert answer.generator == "scripted"
    assert "heat" in answer.citations[0].quote


@pytest.mark.parametrize(
    "generator",
    [
        ScriptedGenerator("The survival rate is 100%. Take 500 mg of capecitabine twice a day."),
        ScriptedGenerator(error=GeneratorError("server down")),
    ],
)
def test_invented_or_failed_generation_falls_back_to_extractive(seed_assistant, generator):
    answer = with_generator(seed_assistant, generator).answer("What is microwave ablation?")
    assert answer.route == Route.ANSWERED
    assert answer.generator == "extractive"
    assert "100%" not in answer.text and "capecitabine" not in answer.text


def test_generated_answer_streams_grounded_sentences_only(seed_assistant):
    text = (
        "Microwave ablation uses heat energy delivered through a needle to destroy small tumors. "
        "The survival rate is 100%. "
        "Radiofrequency ablation also uses heat energy delivered through a needle to destroy small tumors."
    )
    parts = list(
        with_generator(seed_assistant, ScriptedGenerator(text)).stream("What is microwave ablation?")
    )
    assert len(parts) >= 2
    assert all("100%" not in part.text for part in parts)
    assert parts[-1].generator == "scripted" and parts[-1].citations
