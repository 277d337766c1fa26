"""Generators without a model: the prompt, streaming, every failure as GeneratorError, the GGUF checks."""

from __future__ import annotations

import hashlib
import socket
import threading

import pytest
from generation_fakes import ABLATION, SURGERY, retrieval_of, use_word_overlap_vectors, word_overlap_embed
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from answering.generators import ChatGenerator, GeneratorError, build_generator, local_server
from answering.generators.prompt import chat_template
from answering.model_files import MODELS, ModelFileError, PackagedModel, join_parts, verify
from answering.settings import Settings


@pytest.fixture
def retrieval(monkeypatch):
    use_word_overlap_vectors(monkeypatch)
    return retrieval_of("What is ablation?", word_overlap_embed, ABLATION, SURGERY)


def fake_generator(*responses: str, **settings) -> ChatGenerator:
    return ChatGenerator(
        name="fake",
        base_url=lambda: "unused",
        model="fake",
        settings=Settings(**settings),
        chat_model=FakeListChatModel(responses=list(responses)),
    )


def dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_prompt_file_becomes_a_system_and_a_user_message():
    messages = chat_template().format_messages(sources="[1] (Local Therapies) Heat.", question="What is RFA?")
    assert [m.type for m in messages] == ["system", "human"]
    assert "2 to 4 short sentences" in messages[0].content
    assert "[1] (Local Therapies) Heat." in messages[1].content
    assert "Question: What is RFA?" in messages[1].content


def test_sources_are_numbered_sentences_closest_to_the_question(retrieval):
    inputs = fake_generator(llm_source_sentences=2).inputs("What is ablation?", retrieval)
    lines = inputs["sources"].splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[1] (Local Therapies) ")
    assert lines[1].startswith("[2] (Local Therapies) ")
    assert any("ablation" in line.lower() for line in lines)
    assert inputs["question"] == "What is ablation?"


def test_streams_the_model_text_in_pieces(retrieval):
    deltas = list(fake_generator("Ablation uses heat.").stream("What is ablation?", retrieval))
    assert len(deltas) > 1
    assert "".join(deltas) == "Ablation uses heat."


def test_empty_output_is_a_generator_error(retrieval):
    with pytest.raises(GeneratorError, match="no text"):
        list(fake_generator("   ").stream("What is ablation?", retrieval))


def openai_generator(base_url: str, timeout_s: float = 5.0) -> ChatGenerator:
    generator = build_generator(Settings(generator="openai", llm_base_url=base_url, llm_timeout_s=timeout_s))
    assert isinstance(generator, ChatGenerator)
    return generator


def test_server_down_is_a_generator_error(retrieval):
    generator = openai_generator(f"http://127.0.0.1:{dead_port()}/v1")
    with pytest.raises(GeneratorError, match="ConnectionError"):
        list(generator.stream("What is ablation?", retrieval))


def test_a_server_that_never_answers_times_out_as_a_generator_error(retrieval):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        accepted: list[socket.socket] = []
        threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True).start()
        generator = openai_generator(f"http://127.0.0.1:{silent.getsockname()[1]}/v1", timeout_s=0.5)
        with pytest.raises(GeneratorError, match="Timeout"):
            list(generator.stream("What is ablation?", retrieval))
        for connection in accepted:
            connection.close()


def test_extractive_needs_no_generator_and_openai_needs_a_url():
    assert build_generator(Settings(generator="extractive")) is None
    with pytest.raises(ValueError, match="LLM_BASE_URL"):
        build_generator(Settings(generator="openai", llm_base_url=None))


def test_the_local_server_starts_on_first_use_not_when_built(monkeypatch):
    monkeypatch.setattr(local_server, "_start", lambda *args: pytest.fail("started too early"))
    generator = build_generator(Settings(generator="local"))
    assert generator is not None and generator.name == "local:qwen2.5-coder-0.5b"


def test_a_tampered_model_file_is_refused_with_a_clear_error(tmp_path):
    (tmp_path / MODELS["qwen2.5-coder-0.5b"].filename).write_bytes(b"not the model")
    settings = Settings(generator="local", model_cache_dir=tmp_path)
    with pytest.raises(GeneratorError, match="does not match the expected 1d9614638d18"):
        local_server.local_server_url(settings)


def test_parts_are_joined_in_order_and_verified(tmp_path):
    parts = [tmp_path / f"part{n:02d}.bin" for n in (1, 2, 3)]
    for n, part in enumerate(parts):
        part.write_bytes(bytes([n]) * 1000)
    expected = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    joined = join_parts(parts, tmp_path / "model.gguf", expected)
    assert joined.read_bytes()[:1] == b"\x00" and joined.read_bytes()[-1:] == b"\x02"
    verify(joined, expected)


def test_a_wrong_join_leaves_no_file_behind(tmp_path):
    part = tmp_path / "part01.bin"
    part.write_bytes(b"x" * 10)
    with pytest.raises(ModelFileError, match="not the pinned ones"):
        join_parts([part], tmp_path / "model.gguf", "0" * 64)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part01.bin"]


def test_a_missing_model_package_names_what_to_install():
    model = PackagedModel("m.gguf", "no_such_model_part", 2, "0" * 64, extra="local")
    assert not model.is_installed()
    with pytest.raises(
        ModelFileError, match=r"no_such_model_part1 .*pip install -e '\.\[local\]'.*make local-model"
    ):
        model.part_paths()


def test_the_local_generator_without_its_model_is_refused_at_start_up_with_what_to_install(monkeypatch):
    """`make run` does not install the local model: GENERATOR=local without it says so before serving."""
    monkeypatch.setattr(PackagedModel, "is_installed", lambda model: False)
    with pytest.raises(ValueError, match=r"GENERATOR=local needs .*\.\[llm-1-5b\]"):
        build_generator(Settings(generator="local", local_model="qwen2.5-coder-1.5b"))
