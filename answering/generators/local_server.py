"""The packaged GGUF served by llama.cpp (xllamacpp) on 127.0.0.1, once per process.

Serving the embedded model over the OpenAI-compatible API means one client path (``ChatOpenAI``)
covers the local model and a hospital's own server alike. The server starts on first use, not at
import, so the extractive product never pays for loading the model.
"""

from __future__ import annotations

import logging
from pathlib import Path
from threading import Lock

from answering.generators.base import GeneratorError
from answering.model_files import ModelFileError, model_path
from answering.settings import Settings

log = logging.getLogger(__name__)

_servers: dict[tuple, object] = {}
_lock = Lock()


def _start(gguf: Path, threads: int, context_tokens: int):
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # the OS picks a free port; ``listening_address`` reports it
    params.n_ctx = context_tokens
    params.n_parallel = 1
    # One thread by default: on a shared 2-core box llama.cpp's spinning threads slowed decoding 10×.
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = 0
    return xllamacpp.Server(params)


def local_server_url(settings: Settings) -> str:
    """The ``/v1`` base URL of this process's local model server, started on the first call."""
    key = (settings.local_model, settings.model_cache_dir, settings.llm_threads, settings.llm_context_tokens)
    with _lock:
        if key not in _servers:
            try:
                gguf = model_path(settings.local_model, settings.model_cache_dir)
            except ModelFileError as error:
                raise GeneratorError(str(error)) from error
            log.info("starting the local model server for %s", gguf.name)
            _servers[key] = _start(gguf, settings.llm_threads, settings.llm_context_tokens)
        return f"{_servers[key].listening_address}/v1"
