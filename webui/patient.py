"""The patient page: a streaming, cited chat with feedback, that never shows a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from time import perf_counter
from typing import Protocol

import gradio as gr

from answering.prompts import load_prompt, with_safety_numbers
from answering.schema import TOO_LONG, Answer, ChatTurn
from answering.settings import Settings
from review.store import ReviewStore
from webui.chat_limit import ChatRateLimit
from webui.conversation import Conversation
from webui.formatting import assistant_message, disclaimer_html, notice_message, shorten, user_message

log = logging.getLogger(__name__)

FLAG_OPTION = "Flag for a nurse"
#: Run in the browser once an answer is complete (``scroll_to_question.js``).
SCROLL_TO_QUESTION_JS = Path(__file__).with_name("scroll_to_question.js").read_text(encoding="utf-8")
#: Run in the browser once a feedback choice is stored (``close_feedback_menu.js``).
CLOSE_FEEDBACK_MENU_JS = Path(__file__).with_name("close_feedback_menu.js").read_text(encoding="utf-8")
PREVIEW_CHARS = 400
Chat = list[dict]


class StreamingAssistant(Protocol):
    def stream(self, question: str, history: list[ChatTurn]) -> Iterator[Answer]: ...

    def is_emergency(self, question: str, history: list[ChatTurn]) -> bool: ...


class PatientChat:
    """The page's event handlers, separate from the layout so they can be tested without a browser."""

    def __init__(self, assistant: StreamingAssistant, store: ReviewStore | None, settings: Settings) -> None:
        self.assistant = assistant
        self.store = store
        self.settings = settings
        self.rate_limit = ChatRateLimit(
            settings.chat_max_per_minute_per_session, settings.chat_max_per_minute_per_client
        )

    def respond(
        self, message: str, chat: Chat, conversation: Conversation, request: gr.Request | None = None
    ) -> Iterator[tuple[str | dict, Chat | dict, Conversation | dict]]:
        """The page's turn: ``answer``, except that an Enter on the empty box changes nothing. A second Enter on
        the same question waits behind the first (``always_last``) and, the box cleared by then, sends "": it must
        not add a "please type a question" notice under the answer."""
        if not message:
            yield gr.skip(), gr.skip(), gr.skip()
            return
        yield from self.answer(message, chat, conversation, request)

    def answer(
        self, message: str, chat: Chat, conversation: Conversation, request: gr.Request | None = None
    ) -> Iterator[tuple[str | dict, Chat, Conversation]]:
        """Stream the answer into the chat, then store the turn; any failure becomes a kind message. The box's
        update is its new text, or ``gr.skip()`` to leave what the patient has typed since."""
        chat = list(chat or [])
        question = message or ""
        if not question.strip():
            chat.append({"role": "assistant", "content": notice_message(load_prompt("empty_question.md"))})
            yield "", chat, conversation
            return
        wait = self._wait_s(request)
        if wait and not self.assistant.is_emergency(question, list(conversation.history)):
            # not answered, not stored, the question stays in the box; an emergency is always answered
            chat.append(
                {
                    "role": "assistant",
                    "content": notice_message(load_prompt("ui_too_fast.md").format(seconds=wait)),
                }
            )
            yield question, chat, conversation
            return
        chat.append({"role": "user", "content": user_message(shorten(question, PREVIEW_CHARS))})
        chat.append({"role": "assistant", "content": ""})
        started = perf_counter()
        # The box is cleared once, as the question is taken; later updates leave it alone, so a next question
        # typed while this turn is still being stored stays in the box, and its Enter waits (``always_last``).
        box: str | dict = ""
        try:
            final = None
            for final in self.assistant.stream(question, list(conversation.history)):
                chat[-1] = {"role": "assistant", "content": assistant_message(final)}
                yield box, list(chat), conversation  # a snapshot per update
                box = gr.skip()
            if final is None:
                raise RuntimeError("the assistant returned no answer")
        except Exception:
            log.exception("Answering failed; the patient sees the apology message")
            chat[-1] = {"role": "assistant", "content": notice_message(load_prompt("system_error.md"))}
            yield box, chat, conversation
            return
        if final.reason == TOO_LONG:  # not "not covered": the length is the problem; the text stays to be cut
            chat[-1] = {"role": "assistant", "content": notice_message(final.text)}
        latency_ms = final.timings_ms.get("total", (perf_counter() - started) * 1000)
        turn_id = self._record(question, final, conversation, latency_ms)
        if turn_id is not None:
            conversation.turn_ids[len(chat) - 1] = turn_id
        conversation.history += [
            ChatTurn(role="user", content=question),
            ChatTurn(role="assistant", content=final.text),
        ]
        yield question if final.reason == TOO_LONG else box, chat, conversation

    def respond_for_api(
        self, message: str, chat: Chat, conversation: Conversation, request: gr.Request | None = None
    ) -> Iterator[tuple[str, Chat, Conversation]]:
        """``answer`` for API clients, which have no box to leave alone: a cleared box reads ""."""
        for box, updated, state in self.answer(message, chat, conversation, request):
            yield ("" if box == gr.skip() else box), updated, state

    def _wait_s(self, request: gr.Request | None) -> int:
        """Seconds this session and client must wait before asking again (0: ask now)."""
        if request is None:  # called directly, not by the page (tests, scripts)
            return 0
        client = request.client.host if request.client else "unknown"
        return self.rate_limit.wait_s(request.session_hash or client, client)

    def _record(
        self, question: str, answer: Answer, conversation: Conversation, latency_ms: float
    ) -> int | None:
        """Store the turn; the patient already has the answer, so a database failure is only logged."""
        if self.store is None:
            return None
        try:
            return self.store.record_turn(
                question,
                answer,
                history=conversation.history,
                session_id=conversation.ensure_session_id(),
                latency_ms=latency_ms,
            )
        except Exception:
            log.exception("Could not store a patient turn in the review store")
            return None

    def rate(self, conversation: Conversation, data: gr.LikeData) -> None:
        """Thumbs and the flag icon under each answer (un-selecting one sends "" and is ignored)."""
        turn_id = conversation.turn_ids.get(data.index if isinstance(data.index, int) else data.index[0])
        if turn_id is None or data.liked == "":
            return
        if data.liked == FLAG_OPTION:
            # The browser sends the flag twice for one click (~40 ms apart): one flag is what was asked for.
            if turn_id in conversation.flagged:
                return
            conversation.flagged.add(turn_id)
            if self._save_feedback(turn_id, flagged=True):
                gr.Info(load_prompt("ui_flag_received.md"))
        elif isinstance(data.liked, bool):
            self._save_feedback(turn_id, thumb="up" if data.liked else "down")

    def send_feedback(self, comment: str, flagged: bool, conversation: Conversation) -> tuple[str, bool, str]:
        """The comment form: about the latest answer. Returns cleared inputs and a status line."""
        turn_id = conversation.last_turn_id
        if turn_id is None:
            return comment, flagged, "There is no answer to comment on yet."
        if not (comment or "").strip() and not flagged:
            return comment, flagged, "Please write a comment or tick the box first."
        if not self._save_feedback(turn_id, comment=comment, flagged=flagged):
            return (
                comment,
                flagged,
                "Sorry, your feedback could not be saved just now. Please try again later.",
            )
        thanks = "Thank you. A nurse will look at this answer." if flagged else "Thank you for your feedback."
        return "", False, thanks

    def _save_feedback(self, turn_id: int, **feedback) -> bool:
        if self.store is None:
            return False
        try:
            self.store.add_feedback(turn_id, **feedback)
        except Exception:
            log.exception("Could not store feedback on turn %s", turn_id)
            return False
        return True

    @staticmethod
    def new_conversation() -> tuple[Chat, Conversation, str, str]:
        return [], Conversation(), "", ""


def pick_example(data: gr.SelectData) -> str:
    return data.value["text"]


def example_questions() -> list[str]:
    return [line.strip() for line in load_prompt("ui_examples.txt").splitlines() if line.strip()]


def build_patient_page(handlers: PatientChat) -> gr.Blocks:
    """Layout and wiring. The chat endpoint is public API ``/chat`` (used by gradio_client and load tests)."""
    with gr.Blocks(title="Learning about liver metastases", analytics_enabled=False) as page:
        gr.Markdown("# Learning about liver metastases", elem_id="page-title")
        disclaimer = with_safety_numbers("disclaimer.md", handlers.settings)
        gr.HTML(disclaimer_html(disclaimer), elem_id="disclaimer", padding=False)
        conversation = gr.State(Conversation())
        chat = gr.Chatbot(
            label="Conversation",
            show_label=False,
            elem_id="chat",
            height="min(62vh, 640px)",
            feedback_options=("Like", "Dislike", FLAG_OPTION),
            buttons=["copy"],
            examples=[{"text": question} for question in example_questions()],
            placeholder="Ask a question about liver metastases, or pick one of these to start:",
            autoscroll=False,  # scroll_to_question.js shows each answer from its question down
        )
        with gr.Row(equal_height=True, elem_id="ask-row"):
            question = gr.Textbox(
                label="Your question",
                placeholder="Type your question here and press Enter",
                lines=1,
                max_lines=6,
                autofocus=True,
                scale=5,
                min_width=200,
                elem_id="question",
            )
            ask = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask")
        new = gr.Button("New conversation", variant="secondary", size="sm", elem_id="new-conversation")
        with gr.Accordion("Tell us about the latest answer", open=False, elem_id="feedback"):
            comment = gr.Textbox(label="Comment (optional)", lines=2, max_lines=6, elem_id="feedback-comment")
            flag = gr.Checkbox(label="Ask a nurse to check this answer", elem_id="feedback-flag")
            send = gr.Button("Send feedback", size="sm", elem_id="feedback-send")
            status = gr.Markdown(elem_id="feedback-status")

        chat_io = {"inputs": [question, chat, conversation], "outputs": [question, chat, conversation]}
        answering = {"concurrency_limit": handlers.settings.chat_concurrency, "concurrency_id": "answering"}
        # "always_last": a question sent while the last turn is still being stored is answered next, not dropped
        # (Gradio's default, "once", ignored it: a quick second question vanished without a reply).
        gr.on(
            [question.submit, ask.click],
            handlers.respond,
            **chat_io,
            api_name=False,
            trigger_mode="always_last",
            **answering,
        ).then(None, js=SCROLL_TO_QUESTION_JS)
        # The same turn for API clients (``/chat``), with the box's text rather than Gradio's "leave it" marker.
        api_twin = gr.Button(visible=False, elem_id="chat-api")
        api_twin.click(handlers.respond_for_api, **chat_io, api_name="chat", **answering)
        chat.example_select(pick_example, None, question, api_name=False, queue=False).then(
            handlers.respond, **chat_io, api_name=False, **answering
        ).then(None, js=SCROLL_TO_QUESTION_JS)
        chat.like(handlers.rate, conversation, None, api_name=False).then(None, js=CLOSE_FEEDBACK_MENU_JS)
        send.click(
            handlers.send_feedback, [comment, flag, conversation], [comment, flag, status], api_name=False
        )
        new.click(handlers.new_conversation, outputs=[chat, conversation, question, status], api_name=False)
    return page
