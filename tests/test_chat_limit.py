"""A script cannot ask hundreds of questions a minute; patients sharing one address still can ask."""

from types import SimpleNamespace

from webui_fakes import FakeAssistant

from answering.settings import Settings
from review.store import ReviewStore
from webui.chat_limit import WINDOW_S, ChatRateLimit
from webui.conversation import Conversation
from webui.patient import PatientChat


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_over_its_limit_waits_until_its_oldest_question_is_a_minute_old():
    clock = Clock()
    limit = ChatRateLimit(per_session=3, per_client=100, clock=clock)
    for _ in range(3):
        assert limit.wait_s("s1", "10.0.0.1") == 0
        clock.now += 1
    assert limit.wait_s("s1", "10.0.0.1") == WINDOW_S - 3
    assert limit.wait_s("s2", "10.0.0.1") == 0  # another patient on the same Wi-Fi
    clock.now += WINDOW_S - 3
    assert limit.wait_s("s1", "10.0.0.1") == 0


def test_many_sessions_from_one_address_meet_the_client_limit():
    limit = ChatRateLimit(per_session=3, per_client=5, clock=Clock())
    assert [limit.wait_s(f"s{i}", "10.0.0.9") for i in range(6)][:5] == [0] * 5
    assert limit.wait_s("s99", "10.0.0.9") > 0
    assert limit.wait_s("s99", "10.0.0.10") == 0


def test_a_refused_question_does_not_count():
    limit = ChatRateLimit(per_session=1, per_client=100, clock=Clock())
    assert limit.wait_s("s", "a") == 0
    for _ in range(50):
        assert limit.wait_s("s", "a") > 0
    assert len(limit._asked["session s"]) == 1


def test_the_page_asks_a_too_fast_patient_to_wait_keeps_the_question_and_stores_nothing(tmp_path):
    store = ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")
    settings = Settings(chat_max_per_minute_per_session=2)
    chat = PatientChat(FakeAssistant(), store, settings)
    request = SimpleNamespace(session_hash="abc", client=SimpleNamespace(host="127.0.0.1"))
    for _ in range(2):
        assert list(chat.respond_for_api("What is TACE?", [], Conversation(), request))[-1][0] == ""
    box, messages, _ = list(chat.respond("What is TACE?", [], Conversation(), request))[-1]
    assert box == "What is TACE?"
    assert "faster than I can answer" in messages[-1]["content"]
    assert len(store.queue()) == 2


def test_an_emergency_is_answered_and_stored_even_over_the_limit(tmp_path):
    store = ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")
    chat = PatientChat(FakeAssistant(), store, Settings(chat_max_per_minute_per_session=1))
    request = SimpleNamespace(session_hash="abc", client=SimpleNamespace(host="127.0.0.1"))
    list(chat.respond("What is TACE?", [], Conversation(), request))
    updates = list(chat.respond_for_api("my husband is not breathing", [], Conversation(), request))
    box, messages, _ = updates[-1]
    assert box == "" and "reply-emergency" in messages[-1]["content"]
    assert [turn.route for turn in store.queue(unreviewed_first=False)].count("emergency") == 1
