"""Engine work on Ray: a pool of actors, each building the run's engine once.

:class:`RayEngine` implements the Engine protocol, so the run loop does not
change: the driver still does all the single-writer work (memory lookups
before dispatch, memory commits, output files, reviewer edits) and only memory
misses ever reach :meth:`RayEngine.translate`. There, the batch is cut into
contiguous shards (the run sorts it by length, so each shard stays homogeneous
for CTranslate2), handed to the actors as they free up (at most ``IN_FLIGHT``
each, so an actor never waits for the driver) and put back in input order.
Translations (with argos's tokens and attention) come back pickled.

A worker that dies (process killed, node lost) loses only its in-flight shards:
they are sent again to a fresh actor, at most ``retries`` times per shard, then
the run stops with a one-line error. The run loop writes nothing of a batch
until all of it is back, so an interrupted run leaves the memory as a plain run
does: finished batches kept, the current one redone by the next run.

``RAY_ADDRESS`` (Ray's own variable) selects a running cluster, whose nodes
need this project and the same model installed (every shard's result carries
the worker's engine version, and a mismatch stops the run). Unset, a private
local Ray is started for the run and stopped after it, quietly: no dashboard,
no worker logs on the terminal, no usage-stats reporting (the pipeline is
offline).
"""
from __future__ import annotations

import logging
import math
import os
import re
import socket
from collections import deque
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..engines.base import ProgressCallback, Translation
from ..errors import EngineError, PipelineError, UsageError
from .spec import EngineSpec

IN_FLIGHT = 2          # shards queued per actor: one running, one waiting
MIN_SHARD = 8          # below this, per-call overhead dominates
MAX_SHARD = 256
RETRIES = 2            # extra attempts per shard after its worker died
CONNECT_TIMEOUT = 10   # seconds to reach RAY_ADDRESS before giving up
LOCAL_OBJECT_STORE = 256 * 1024 * 1024  # shards are small; don't reserve 30% of RAM

INSTALL_HINT = "pip install 'fr-en-pipeline[cluster]' (or: pip install ray)"


def import_ray():
    try:
        import ray
    except ImportError:
        raise UsageError(f"--executor ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


class _Worker:
    """The body of one Ray actor: one engine, built once, many shards."""

    def __init__(self, spec: EngineSpec):
        self.warnings: list[str] = []
        self.error: Optional[PipelineError] = None
        self.engine = None
        try:
            self.engine = spec.build(warn=self.warnings.append)
        except PipelineError as err:  # reported to the driver, which raises it
            self.error = err

    def describe(self) -> dict:
        if self.error is not None:
            return {"error": self.error}
        assert self.engine is not None  # built, since there was no error
        return {"name": self.engine.name, "version": self.engine.version,
                "warnings": self.warnings, "pid": os.getpid(),
                # how the run should order its batches (see Run._batch_keys)
                "sorts_by_length": getattr(self.engine, "sorts_by_length", True)}

    def translate(self, sentences: list[str]) -> tuple[str, list[Translation]]:
        if self.error is not None:
            raise self.error
        assert self.engine is not None  # built, since there was no error
        return self.engine.version, self.engine.translate(sentences)


def shard_size(n: int, workers: int) -> int:
    """About two shards per worker, so a slow shard does not hold the others up."""
    return max(MIN_SHARD, min(MAX_SHARD, math.ceil(n / (2 * max(1, workers)))))


class RayEngine:
    """An Engine whose translate() runs on ``workers`` Ray actors.

    Connects to the Ray already initialised in this process if there is one
    (tests share one session); otherwise starts one (RAY_ADDRESS or local) and
    stops it in :meth:`close`.
    """

    def __init__(self, spec: EngineSpec, workers: int = 0, *, threads: int = 1,
                 retries: int = RETRIES, warn: Optional[Callable[[str], None]] = None):
        ray = self._ray = import_ray()
        self.spec = spec
        self.retries = retries
        self.threads = max(1, threads)
        self._warn = warn or (lambda message: None)
        self.dispatched = 0   # sentences sent to workers, retries included
        self.retried = 0      # shards sent again after their worker died
        self._actors: list = []
        self._owns_ray = False
        if not ray.is_initialized():
            self._owns_ray = True
            _init_ray(ray, workers * self.threads)
        try:
            cpus = int(ray.cluster_resources().get("CPU", 0))
            if workers == 0:
                workers = max(1, cpus // self.threads)
            elif workers * self.threads > cpus:
                # Actors beyond the cluster's CPUs would wait for a free CPU forever.
                raise UsageError(f"--workers {workers} needs {workers * self.threads} CPUs; "
                                 f"the Ray cluster has {cpus}")
            self._actor_class = ray.remote(num_cpus=self.threads, max_restarts=0,
                                           max_task_retries=0)(_Worker)
            self._actors = [self._actor_class.remote(spec) for _ in range(workers)]
            self._generation = [0] * workers
            self._describe()
        except BaseException:
            self.close()
            raise

    @property
    def workers(self) -> int:
        return len(self._actors)

    def _describe(self) -> None:
        try:
            infos = self._ray.get([a.describe.remote() for a in self._actors])
        except self._ray.exceptions.RayError as err:
            # Ray's message starts with boilerplate; the cause is on its last line.
            raise EngineError(f"ray: a worker failed to start: {_last_line(err)}") from None
        for info in infos:
            if "error" in info:
                raise info["error"]
        versions = sorted({(i["name"], i["version"]) for i in infos})
        if len(versions) > 1:
            raise EngineError("ray: the workers do not have the same engine: "
                              + ", ".join(f"{n} {v}" for n, v in versions))
        self.name, self.version = versions[0]
        self.sorts_by_length = all(i.get("sorts_by_length", True) for i in infos)
        for message in dict.fromkeys(m for i in infos for m in i["warnings"]):
            self._warn(message)

    def worker_pids(self) -> list[int]:
        """Process ids of the current actors (asked again: replacements have new ones)."""
        return [info["pid"] for info in self._ray.get([a.describe.remote() for a in self._actors])]

    def translate(self, sentences: Sequence[str],
                  progress: Optional[ProgressCallback] = None) -> list[Translation]:
        ray = self._ray
        sentences = list(sentences)
        size = shard_size(len(sentences), self.workers)
        shards = [(start, sentences[start:start + size]) for start in range(0, len(sentences), size)]
        results: list[Optional[Translation]] = [None] * len(sentences)
        queue = deque(range(len(shards)))
        attempts = [0] * len(shards)
        load = [0] * self.workers
        running: dict = {}  # ObjectRef → (shard, actor slot, that slot's generation)
        try:
            while queue or running:
                while queue:
                    slot = min(range(self.workers), key=load.__getitem__)
                    if load[slot] >= IN_FLIGHT:
                        break
                    k = queue.popleft()
                    ref = self._actors[slot].translate.remote(shards[k][1])
                    running[ref] = (k, slot, self._generation[slot])
                    load[slot] += 1
                    self.dispatched += len(shards[k][1])
                [ref], _ = ray.wait(list(running), num_returns=1)
                k, slot, generation = running.pop(ref)
                current = generation == self._generation[slot]
                if current:
                    load[slot] -= 1
                try:
                    version, out = ray.get(ref)
                except (ray.exceptions.RayActorError, ray.exceptions.ObjectLostError,
                        ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError) as err:
                    attempts[k] += 1
                    if attempts[k] > self.retries:
                        raise EngineError(
                            f"ray: a batch of {len(shards[k][1])} sentences failed "
                            f"{attempts[k]} times because its worker died "
                            f"(last: {_first_line(err)}); finished batches are kept, "
                            "run again to resume") from None
                    if current:
                        self._warn(f"ray: a worker died ({_first_line(err)}); "
                                   "its unfinished sentences go to a new worker")
                        self._replace(slot)
                        load[slot] = 0
                    self.retried += 1
                    queue.appendleft(k)
                    continue
                except ray.exceptions.RayTaskError as err:
                    cause = getattr(err, "cause", None)
                    if isinstance(cause, Exception):
                        raise cause from None
                    raise EngineError(f"ray: {_first_line(err)}") from None
                start, shard = shards[k]
                if version != self.version:
                    raise EngineError(f"ray: a worker has {self.name} {version}, the run uses "
                                      f"{self.version}; install the same model on every node")
                if len(out) != len(shard):
                    raise EngineError(f"ray: a worker returned {len(out)} translations for "
                                      f"{len(shard)} sentences")
                results[start:start + len(shard)] = out
                if progress:
                    progress(len(shard))
        except BaseException:
            for ref in running:  # Ctrl-C or an error: don't leave the actors busy
                try:
                    ray.cancel(ref)
                except Exception:  # noqa: BLE001 - best effort; close() kills the actors anyway
                    pass
            raise
        return results  # type: ignore[return-value]  # every shard has filled its slots

    def _replace(self, slot: int) -> None:
        try:
            self._ray.kill(self._actors[slot])
        except Exception:  # noqa: BLE001 - it is already dead, most likely
            pass
        self._actors[slot] = self._actor_class.remote(self.spec)
        self._generation[slot] += 1

    def close(self) -> None:
        """Stop the actors, and the Ray this engine started (idempotent)."""
        ray = self._ray
        for actor in self._actors:
            try:
                ray.kill(actor)
            except Exception:  # noqa: BLE001 - shutting down; nothing to save
                pass
        self._actors = []
        if self._owns_ray and ray.is_initialized():
            ray.shutdown()
        self._owns_ray = False

    def __enter__(self) -> "RayEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _init_ray(ray, cpus: int) -> None:
    """Connect to RAY_ADDRESS, or start a private local Ray with ``cpus`` CPUs."""
    # Ray reports usage statistics over the network by default; this pipeline is offline.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    quiet = dict(log_to_driver=False, logging_level=logging.ERROR)
    address = os.environ.get("RAY_ADDRESS")
    try:
        if address:
            _check_reachable(address)
            ray.init(address=address, **quiet)
        else:
            # Local workers must run this very code, even when the driver found it
            # through sys.path rather than an install (workers inherit the env).
            package_root = str(Path(__file__).resolve().parents[2])
            paths = [package_root, *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
            os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in paths if p))
            ray.init(address="local", num_cpus=cpus or os.cpu_count() or 1,
                     include_dashboard=False, object_store_memory=LOCAL_OBJECT_STORE, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as err:
        where = f"the Ray cluster at RAY_ADDRESS={address}" if address else "a local Ray"
        raise EngineError(f"ray: cannot start or reach {where}: {_first_line(err)}") from None
    _quiet_worker_deaths()


def _check_reachable(address: str) -> None:
    """Fail in seconds on a host:port nobody listens on (Ray itself retries for minutes,
    logging each attempt). Other forms ("auto", names Ray resolves) go to Ray as they are."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\[\]]+?)\]?:(\d+)", address.strip())
    if not match:
        return
    host, port = match.group(1), int(match.group(2))
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise EngineError(f"ray: cannot reach the Ray cluster at RAY_ADDRESS={address} "
                          f"({err.strerror or err})") from None


def _quiet_worker_deaths() -> None:
    """Drop Ray's own report of a dead worker: RayEngine handles it and warns in one line.

    Ray prints that report as a paragraph on *stdout* (where a script's data
    goes), whatever ``log_to_driver`` says. This patches a private hook; if a
    Ray release renames it, Ray's message simply comes back.
    """
    try:
        from ray._private import worker
    except ImportError:
        return
    original = getattr(worker, "print_to_stdstream", None)
    if original is None or getattr(original, "quiet_worker_deaths", False):
        return

    def print_to_stdstream(data, ignore_prefix):
        if data.get("pid") == "raylet" and any("worker died" in line for line in data.get("lines", [])):
            return  # RayEngine has warned and re-sent the shards; other reports still show
        original(data, ignore_prefix)

    print_to_stdstream.quiet_worker_deaths = True  # type: ignore[attr-defined]  # a marker, read back above
    worker.print_to_stdstream = print_to_stdstream


def _last_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(err).__name__


def _first_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(err).__name__
