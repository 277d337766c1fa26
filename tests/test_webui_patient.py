"""The patient page's handlers with a fake assistant and a real SQLite store: streaming, storing, feedback."""

from __future__ import annotations

import logging

import gradio as gr
import pytest
from webui_fakes import FakeAssistant

from answering.prompts import load_prompt
from answering.schema import TOO_LONG, Answer, Route
from answering.settings import Settings
from review.store import ReviewStore
from webui.conversation import Conversation
from webui.patient import FLAG_OPTION, PREVIEW_CHARS, PatientChat


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


@pytest.fixture
def assistant():
    return FakeAssistant()


@pytest.fixture
def chat(assistant, store):
    return PatientChat(assistant, store, Settings())


def run(chat: PatientChat, message: str, messages=None, conversation=None):
    """All the updates one question streams to the page."""
    return list(chat.respond(message, messages or [], conversation or Conversation()))


def test_answer_streams_then_shows_sources_and_is_stored_once(chat, store):
    updates = run(chat, "What is TACE?")
    texts = [messages[-1]["content"] for _, messages, _ in updates]
    assert len(texts) >= 2 and len(texts[0]) < len(texts[-1])
    assert "Sources" not in texts[0] and "Sources" in texts[-1]
    assert updates[0][0] == ""  # the box is cleared as the question is taken…
    assert all(box == gr.skip() for box, _, _ in updates[1:])  # …and then left to what is typed next
    _, messages, conversation = updates[-1]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    stored = store.queue()
    assert len(stored) == 1 and stored[0].question == "What is TACE?" and stored[0].latency_ms == 12.0
    assert conversation.turn_ids == {1: stored[0].id}


def test_follow_up_sends_the_conversation_history(chat, assistant):
    _, messages, conversation = run(chat, "What is TACE?")[-1]
    _, messages, conversation = run(chat, "how is it given?", messages, conversation)[-1]
    question, history = assistant.calls[-1]
    assert question == "how is it given?"
    assert [t.role for t in history] == ["user", "assistant"] and history[0].content == "What is TACE?"
    assert "reply-answered" in messages[-1]["content"]
    assert len(set(conversation.turn_ids.values())) == 2


def test_personal_question_gets_the_care_team_style(chat):
    _, messages, _ = run(chat, "Should I stop my chemo?")[-1]
    assert "reply-care_team" in messages[-1]["content"]


def test_empty_input_gets_a_prompt_without_calling_the_assistant(chat, assistant, store):
    _, messages, _ = run(chat, "   ")[-1]
    assert [m["role"] for m in messages] == ["assistant"]
    assert "reply-notice" in messages[0]["content"]
    assert assistant.calls == [] and store.queue() == []


def test_an_enter_on_the_empty_box_changes_nothing(chat, assistant, store):
    """Also what a second Enter on the same question sends once the first has cleared the box."""
    assert run(chat, "") == [(gr.skip(), gr.skip(), gr.skip())]
    assert assistant.calls == [] and store.queue() == []
    box, messages, _ = list(chat.respond_for_api("", [], Conversation()))[-1]  # an API client is answered
    assert box == "" and "reply-notice" in messages[0]["content"]


def test_a_very_long_message_is_not_echoed_whole(chat):
    _, messages, _ = run(chat, "x" * 10_000)[-1]
    assert len(messages[0]["content"]) < PREVIEW_CHARS + 200
    assert "10,000 characters" in messages[0]["content"]


def test_a_failing_assistant_gives_a_kind_message_and_logs(chat, store, caplog):
    with caplog.at_level(logging.ERROR):
        _, messages, _ = run(chat, "crash please")[-1]
    assert "reply-notice" in messages[-1]["content"]
    assert load_prompt("system_error.md").split(" — ")[0] in messages[-1]["content"]
    assert "Traceback" not in messages[-1]["content"] and "boom" not in messages[-1]["content"]
    assert "Answering failed" in caplog.text
    assert store.queue() == []


def test_a_broken_database_still_gives_the_patient_the_answer(assistant, caplog):
    class BrokenStore:
        def record_turn(self, *args, **kwargs):
            raise RuntimeError("database is down")

    chat = PatientChat(assistant, BrokenStore(), Settings())
    with caplog.at_level(logging.ERROR):
        _, messages, conversation = run(chat, "What is TACE?")[-1]
    assert "Sources" in messages[-1]["content"]
    assert conversation.turn_ids == {}
    assert "Could not store" in caplog.text


def like(index: int, liked) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": "", "liked": liked})


def test_thumbs_and_flag_under_an_answer_are_stored(chat, store):
    _, _, conversation = run(chat, "What is TACE?")[-1]
    chat.rate(conversation, like(1, False))
    chat.rate(conversation, like(1, FLAG_OPTION))
    chat.rate(conversation, like(1, ""))  # un-selecting records nothing
    chat.rate(conversation, like(0, True))  # the patient's own bubble has no turn
    turn = store.queue()[0]
    assert [(f.thumb, f.flagged) for f in turn.feedback] == [("down", False), (None, True)]
    assert store.queue(thumbs_down=True) and store.queue(flagged=True)


def test_one_click_on_the_flag_stores_one_flag_however_often_the_browser_sends_it(chat, store):
    _, _, conversation = run(chat, "What is TACE?")[-1]
    chat.rate(conversation, like(1, FLAG_OPTION))
    chat.rate(conversation, like(1, FLAG_OPTION))
    assert [f.flagged for f in store.queue()[0].feedback] == [True]


def test_comment_form_applies_to_the_latest_answer(chat, store):
    assert "no answer" in chat.send_feedback("hello", False, Conversation())[2]
    _, messages, conversation = run(chat, "What is TACE?")[-1]
    _, messages, conversation = run(chat, "Should I stop my chemo?", messages, conversation)[-1]
    assert "write a comment" in chat.send_feedback("  ", False, conversation)[2]
    comment, flagged, status = chat.send_feedback("Please check this", True, conversation)
    assert (comment, flagged) == ("", False) and "nurse" in status
    latest = store.turn(conversation.last_turn_id)
    assert latest.question == "Should I stop my chemo?"
    assert latest.feedback[0].comment == "Please check this" and latest.feedback[0].flagged


def test_new_conversation_forgets_the_history(chat, assistant):
    _, messages, conversation = run(chat, "What is TACE?")[-1]
    messages, conversation, question, status = chat.new_conversation()
    assert (messages, question, status) == ([], "", "")
    run(chat, "What is TACE?", messages, conversation)
    assert assistant.calls[-1][1] == []


def test_each_conversation_gets_its_own_session_id(chat, store):
    run(chat, "What is TACE?")
    run(chat, "What is TACE?")
    first, second = store.queue()
    assert first.session_id and second.session_id and first.session_id != second.session_id


def test_a_too_long_message_stays_in_the_box_and_is_not_labelled_not_covered(store):
    class TooLong:
        def stream(self, question, history):
            yield Answer(route=Route.OUT_OF_SCOPE, text=load_prompt("too_long.md"), reason=TOO_LONG)

    pasted = "My story so far. " * 200
    kept, messages, _ = run(PatientChat(TooLong(), store, Settings()), pasted)[-1]
    assert kept == pasted
    assert "Not covered" not in messages[-1]["content"] and "reply-notice" in messages[-1]["content"]
