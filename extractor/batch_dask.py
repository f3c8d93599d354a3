"""Run the batch's tasks on a Dask distributed cluster.

The client (the machine running ``extract batch``) walks the sources,
hashes them, decides what to skip and writes the output, exactly as for the
local pool; only the extraction moves to the cluster. Each Dask worker
thread keeps one ``batch_worker`` child process (the same one the local pool
uses), so timeouts, the memory cap and crash isolation behave the same.

Workers open the files by the client's absolute path: every machine must
see the archive at the same path (a shared folder, or an object store
mounted with a FUSE file system). ``dask`` is imported only here.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from .batch import WorkerProcess, _first_line, failure_result

_local = threading.local()


def run_task(task: dict, timeout: float | None, memory_mb: int) -> tuple[dict, bytes]:
    """Executed on a Dask worker: extract one document in this thread's child process."""
    worker = getattr(_local, "worker", None)
    if worker is None or worker.memory_mb != memory_mb:
        worker = _local.worker = WorkerProcess(memory_mb)
    return worker.call(task, timeout)


class DaskPool:
    """Submit tasks to a scheduler (``tcp://host:8786``) or to a new ``LocalCluster``."""

    def __init__(self, *, scheduler: str | None = None, n_workers: int | None = None,
                 timeout: float | None = None, memory_mb: int = 0):
        try:
            from dask.distributed import Client, LocalCluster, as_completed
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError("the distributed batch needs Dask: "
                              "pip install 'vn-plan-extractor[distributed]'") from exc
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=n_workers or 1, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.client.wait_for_workers(1, timeout=60)
        self.capacity = max(1, sum(self.client.nthreads().values()))
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.done = as_completed()
        self.tasks: dict[str, dict] = {}

    def submit(self, task: dict) -> None:
        key = f"extract-{uuid.uuid4().hex}"
        fut = self.client.submit(run_task, task, self.timeout, self.memory_mb, key=key, pure=False)
        self.tasks[key] = task
        self.done.add(fut)

    def get(self, block: bool = True):
        """Next finished ``(task, header, line)``; ``None`` if not blocking and none is ready."""
        if not block and not self.done.has_ready():
            return None
        fut = next(self.done)
        task = self.tasks.pop(fut.key)
        try:
            meta, line = fut.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker becomes an error record
            meta, line = failure_result(task, "WorkerCrashed",
                                        f"Dask task failed: {type(exc).__name__}: {_first_line(exc)}",
                                        1, time.monotonic())
        fut.release()
        return task, meta, line

    def close(self, *, kill: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
