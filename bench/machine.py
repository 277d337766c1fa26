"""What every benchmark records next to its figures: the machine, the date, the process's memory."""

from __future__ import annotations

import json
import os
import platform
import resource
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def describe_machine() -> dict[str, str | int]:
    """CPU model, logical cores and RAM, read from /proc (Linux), so figures can be compared across boxes."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "?"
    )
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
    ram_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    return {
        "cpu": model,
        "cores": os.cpu_count() or 0,
        "ram_gib": round(ram_gib, 1),
        "python": platform.python_version(),
        # Other processes share this CPU: the load average says how busy it was while measuring.
        "load_average_1_5_15": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib(pid: int | str = "self") -> float:
    """Current resident memory of a process, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def save_results(name: str, results: dict) -> Path:
    """Write ``bench/results/NAME.json`` (with the machine) and return its path."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps({"machine": describe_machine(), **results}, indent=2) + "\n", encoding="utf-8")
    return path
