"""The two processes of a measurement: gunicorn serving the site, wrk loading it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HELLO = "/_bench/hello"
# What Chromium sends: readers' browsers all take gzip, so the load takes it too.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


class BenchError(RuntimeError):
    """The benchmark cannot give an honest number (a page failed, the server did not start)."""


def free_port() -> int:
    """A port the kernel says is free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1 at a free port the kernel picked, read back from its log."""

    def __init__(self, *, env: dict[str, str], workers: int, log_path: Path):
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.base_url = ""

    def __enter__(self) -> Gunicorn:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # The port is chosen before the start: it is part of the public origin, and the site
        # refuses a Host naming any other port (pagecache/origin.py).
        port = free_port()
        env = {**self.env, "DJANGO_PUBLIC_ORIGIN": f"http://127.0.0.1:{port}"}
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--log-level",
                "info",
            ],  # fmt: skip
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        try:
            self.base_url = self._wait_until_listening()
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _wait_until_listening(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", self._log())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise BenchError(f"gunicorn did not start; its log ({self.log_path}):\n{self._log()}")

    def _wait_until_answering(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.worker_pids()) >= self.workers:
                try:
                    fetch(self.base_url + HELLO)
                except (OSError, BenchError):
                    pass
                else:
                    self._require_production_config()
                    return
            time.sleep(0.05)
        raise BenchError(f"gunicorn is not answering; its log ({self.log_path}):\n{self._log()}")

    def _require_production_config(self) -> None:
        """The workers ran gunicorn.conf.py (as production does), or the numbers would lie."""
        if "Froze" not in self._log():
            raise BenchError(f"gunicorn did not read gunicorn.conf.py; log: {self.log_path}")

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the gunicorn master)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return [int(p) for p in children.read_text().split()]
        return [
            int(stat.parent.name)
            for stat in Path("/proc").glob("[0-9]*/stat")
            if _ppid(stat) == pid
        ]

    def worker_peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident memory) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status")
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown of master and workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _ppid(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def fetch(url: str, *, accept_encoding: str = "") -> tuple[int, dict[str, str], bytes]:
    """One GET, to check a page before loading it; errors are BenchError."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        raise BenchError(f"{url} answered {error.code}") from error


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise BenchError("wrk is not installed (apt-get install wrk)")
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise BenchError(f"cannot read wrk's latency {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, *, seconds: int, connections: int, accept_encoding: str = "") -> Load:
    """Load `url` for a fixed time from a separate process; every answer must be 2xx/3xx.

    A window in which no request completed (a machine starved by other work) measures
    nothing: it is widened, up to 8 s, rather than reported as 0 requests/s.
    """
    while True:
        load = _wrk_once(
            url, seconds=seconds, connections=connections, accept_encoding=accept_encoding
        )
        if load.requests > 0 or seconds >= 8:
            return load
        seconds *= 2


def _wrk_once(url: str, *, seconds: int, connections: int, accept_encoding: str) -> Load:
    command = [
        wrk_path(), "--threads", "1", "--connections", str(connections),
        "--duration", f"{seconds}s", "--timeout", "10s", "--latency", url,
    ]  # fmt: skip
    if accept_encoding:
        command += ["--header", f"Accept-Encoding: {accept_encoding}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{out}{done.stderr}")
    if "Non-2xx or 3xx responses" in out:
        raise BenchError(f"{url} gave errors under load:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"cannot read wrk's output for {url}:\n{out}")
    return Load(
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
    )
