"""Where batches of documents are processed: in this process, a local process pool, or dask.

Every engine runs the same function (`pipeline.batch.process_documents`) on
batches in corpus order and hands results back in that order, so one worker,
N workers and a dask cluster give the same tables row for row. Each worker
process loads the pipeline once, when the engine starts (so throughput
figures exclude loading). At most `2 × workers` batches are in flight, so
memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import ctypes
import gc
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .corpus import Document
from .pieces import DEFAULT_MAX_CHARS

_PIPELINES: dict[str, object] = {}
DASK_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    # dask's default also sets MALLOC_TRIM_THRESHOLD_=65536: glibc then hands freed memory back at
    # 64 KiB, and thinc's arrays are mapped and unmapped at every batch (measured: a third slower)
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


def pipeline_for(config: str):
    """The pipeline of `config`, loaded once per process."""
    from .nlp import load_pipeline

    if config not in _PIPELINES:
        _PIPELINES[config] = load_pipeline(Path(config))
    return _PIPELINES[config]


def release(config: str) -> None:
    """Drop this process's pipeline of `config` and hand the memory it held back to the system
    (glibc's `malloc_trim`; elsewhere only what the allocator returns by itself), so that what
    the process runs next (the end-of-run aggregation) takes that memory instead of adding to it."""
    if _PIPELINES.pop(config, None) is None:
        return
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def run_batch(config: str, documents: list[Document], doc_timeout: float | None, max_chars: int | None) -> dict:
    from .batch import process_documents

    return process_documents(pipeline_for(config), documents, doc_timeout=doc_timeout, max_chars=max_chars)


def _loaded(config: str) -> bool:
    pipeline_for(config)
    time.sleep(0.2)  # keep this worker busy so each worker gets one warm-up task
    return True


def ordered(submit: Callable[[list[Document]], object], result: Callable[[object], dict], batches: Iterable[list[Document]], window: int) -> Iterator[dict]:
    """Submit batches keeping `window` in flight; yield their results in submission order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class Engine:
    """`with Engine(...) as engine: for rows in engine.map(batches): ...`

    With `release_model`, the one-process engine frees its pipeline on exit (`release`); pool and
    dask workers end with the engine anyway.
    """

    def __init__(self, config: Path, *, engine: str = "local", workers: int = 1, scheduler: str | None = None, doc_timeout: float | None = None, max_chars: int | None = DEFAULT_MAX_CHARS, release_model: bool = False):
        if engine not in ("local", "dask"):
            raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")
        self.config, self.engine, self.workers, self.scheduler = str(config), engine, max(1, workers), scheduler
        self.pool = self.client = self.cluster = None
        self.doc_timeout, self.max_chars, self.release_model = doc_timeout, max_chars, release_model

    def __enter__(self) -> "Engine":
        if self.engine == "dask":
            import dask
            from dask.distributed import Client, LocalCluster

            if not self.scheduler:
                # The workers' statistical profiler samples every task's stack each 10 ms, on the
                # GIL the pipeline needs: the cluster we start runs without it (and see DASK_WORKER_CONFIG).
                with dask.config.set(DASK_WORKER_CONFIG):
                    self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.scheduler or self.cluster)
            self.client.run(pipeline_for, self.config)
        elif self.workers > 1:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=pipeline_for, initargs=(self.config,))
            list(self.pool.map(_loaded, [self.config] * self.workers))
        else:
            pipeline_for(self.config)
        return self

    def map(self, batches: Iterable[list[Document]]) -> Iterator[dict]:
        window = 2 * self.workers
        if self.client is not None:
            return ordered(lambda b: self.client.submit(run_batch, self.config, b, self.doc_timeout, self.max_chars, pure=False), lambda f: f.result(), batches, window)
        if self.pool is not None:
            return ordered(lambda b: self.pool.submit(run_batch, self.config, b, self.doc_timeout, self.max_chars), lambda f: f.result(), batches, window)
        return (run_batch(self.config, batch, self.doc_timeout, self.max_chars) for batch in batches)

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        if self.release_model and self.pool is None and self.client is None:
            release(self.config)
