"""Peak resident memory of each service process of the stack, sampled in the background for the
whole benchmark run (the pids come from .local/run/<service>.pid, as infra.stack writes them),
and the machine's facts recorded at the start of a run."""

from __future__ import annotations

import os
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import psutil

from bench.report import Row, Target, unavailable
from infra.settings import LocalStackSettings
from infra.stack.registry import SERVICES
from infra.stack.services import ServiceProcess

MB = 2**20


class RssSampler:
    """``start()``, run the benchmarks, ``stop()``; then ``peaks()``: per service, the peak RSS
    of its largest single process (a worker pool counts per process) and of its whole tree."""

    def __init__(self, settings: LocalStackSettings, interval_s: float = 0.5) -> None:
        self.settings = settings
        self.interval_s = interval_s
        self.peak_process: dict[str, float] = {}
        self.peak_tree: dict[str, float] = {}
        self.samples: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def start(self) -> None:
        self.sample()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def sample(self) -> None:
        for service in SERVICES:
            pid = ServiceProcess(service, self.settings).pid()
            if pid is None:
                continue
            sizes = _tree_rss(pid)
            if not sizes:
                continue
            name = service.name
            self.peak_process[name] = max(self.peak_process.get(name, 0.0), max(sizes) / MB)
            self.peak_tree[name] = max(self.peak_tree.get(name, 0.0), sum(sizes) / MB)
            self.samples[name] = self.samples.get(name, 0) + 1

    def peaks(self) -> dict[str, dict[str, float]]:
        return {name: {"peak_process_mb": round(self.peak_process[name], 1),
                       "peak_tree_mb": round(self.peak_tree[name], 1),
                       "samples": self.samples[name]}
                for name in self.peak_process}


def _tree_rss(pid: int) -> list[int]:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    sizes = []
    for p in procs:
        try:
            sizes.append(p.memory_info().rss)
        except psutil.Error:
            continue  # a worker that just exited
    return sizes


def rss_rows(peaks: dict[str, dict[str, float]]) -> list[Row]:
    rows = []
    for service in SERVICES:
        p = peaks.get(service.name)
        rows.append(unavailable("8 memory", "not running", f"{service.name} peak RSS")
                    if p is None else
                    Row("8 memory", f"{service.name} peak RSS (largest process)",
                        p["peak_process_mb"], "MB", target=Target(max_value=250),
                        extra={"tree_mb": p["peak_tree_mb"], "samples": p["samples"]}))
    return rows


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "physical_cores": psutil.cpu_count(logical=False),
            "load_avg": [round(x, 2) for x in os.getloadavg()],
            "memory_mb": psutil.virtual_memory().total // 2**20,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": sys.version.split()[0]}
