"""What the patient page remembers about one conversation (kept per browser session by ``gr.State``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from answering.schema import ChatTurn


@dataclass
class Conversation:
    """Plain-text history for the pipeline, and which stored turn each answer bubble belongs to."""

    session_id: str = ""
    history: list[ChatTurn] = field(default_factory=list)
    turn_ids: dict[int, int] = field(default_factory=dict)  # chat message index → review-store turn id
    flagged: set[int] = field(default_factory=set)  # turn ids already flagged for a nurse

    def ensure_session_id(self) -> str:
        """Assigned on first use: a ``gr.State`` default is copied, so a default id would be shared."""
        if not self.session_id:
            self.session_id = uuid.uuid4().hex
        return self.session_id

    @property
    def last_turn_id(self) -> int | None:
        return self.turn_ids[max(self.turn_ids)] if self.turn_ids else None
