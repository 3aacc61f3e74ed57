"""Processes for parsing and analysis: a pool that starts only when there is work.

Feeds are parsed and analysed in other processes so both cores work and the
event loop (or the app) stays free. A refresh in which every feed answers 304
parses nothing, so the pool and its processes start on the first job only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

_P = ParamSpec("_P")
_T = TypeVar("_T")


class OnDemandPool(Executor):
    """A `ProcessPoolExecutor` built on the first `submit`."""

    def __init__(self, factory: Callable[[], Executor]) -> None:
        self._factory = factory
        self._pool: Executor | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        with self._lock:
            if self._pool is None:
                self._pool = self._factory()
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    @property
    def started(self) -> bool:
        return self._pool is not None


def parse_workers() -> int:
    """The processes of a parse pool on this machine."""
    return min(os.cpu_count() or 1, 8)


def parse_pool(feed_count: int, *, start_server: bool = False) -> Executor | None:
    """A process pool when there is enough parsing to share across cores.

    Workers fork from a fork server that imports only our parsing code. The app
    passes `start_server` to start it before the UI owns the terminal (starting
    it later fails on the UI's replaced standard streams).
    """
    cores = os.cpu_count() or 1
    if feed_count < 4 or cores < 2:
        return None
    if start_server:
        from multiprocessing import forkserver

        _forkserver_context()
        forkserver.ensure_running()

    def build() -> Executor:
        # Imported here: an all-304 refresh never starts the pool (nor loads multiprocessing).
        from concurrent.futures import ProcessPoolExecutor

        context = _forkserver_context()
        kwargs: dict[str, Any] = {"max_workers": parse_workers(), "mp_context": context}
        return ProcessPoolExecutor(**kwargs)

    return OnDemandPool(build)


def _forkserver_context() -> BaseContext:
    """The fork server's context; its workers start with our parsing code imported."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["briefing_tui.core.refresh.jobs", "briefing_tui.core.analysis.analyzer"]
    )
    return context
