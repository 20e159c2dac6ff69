"""The one way the window works in the background: a ``TaskRunner`` over its own ``QThreadPool``.

``runner.submit(work, on_done, on_error, on_progress)`` runs ``work(report)`` on a pool thread;
its result, its progress reports and any exception come back to the GUI thread as calls of
``on_done(result)``, ``on_progress(*args)`` and ``on_error(message)``. Every failure is also
logged (the task's name, the exception's type and message, unless ``quiet_error`` gives a
message without user text). A task submitted with a ``key`` makes any earlier unfinished task
of the same key stale: its answer is dropped, and ``cancel`` is called so it stops early. A
runner with one thread runs its tasks one after the other. ``shutdown`` cancels and waits, and
runs at application exit, so no thread outlives the window.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Report = Callable[..., None]
Work = Callable[[Report], Any]


class Cancelled(Exception):
    """Raised inside a task's work when it stopped because it was cancelled (not an error)."""


class _Signals(QObject):
    progressed = Signal(int, tuple)
    succeeded = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _Task(QRunnable):
    def __init__(
        self,
        number: int,
        work: Work,
        signals: _Signals,
        quiet_error: Callable[[BaseException], str] | None,
        name: str,
        cancelled_types: tuple[type[BaseException], ...],
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.number, self.work, self.signals = number, work, signals
        self.quiet_error, self.name, self.cancelled_types = quiet_error, name, cancelled_types

    def run(self) -> None:
        def report(*args: object) -> None:
            self.signals.progressed.emit(self.number, args)

        stopped: tuple[type[BaseException], ...] = (Cancelled, *self.cancelled_types)
        try:
            result = self.work(report)
        except stopped:
            self.signals.cancelled.emit(self.number)
            return
        except Exception as error:
            message = self.quiet_error(error) if self.quiet_error else f"{error}"
            log.error("%s failed: %s: %s", self.name, type(error).__name__, message)
            self.signals.failed.emit(self.number, message)
            return
        self.signals.succeeded.emit(self.number, result)


class TaskRunner(QObject):
    """Runs tasks on a pool of ``threads`` threads and calls back on the GUI thread."""

    def __init__(self, name: str, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.name = name
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._signals.cancelled.connect(self._cancelled)
        self._next = 0
        self._callbacks: dict[int, tuple[Callable[..., None] | None, ...]] = {}
        self._latest: dict[str, int] = {}
        self._cancel: dict[int, Callable[[], None]] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def submit(
        self,
        work: Work,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[..., None] | None = None,
        *,
        key: str | None = None,
        cancel: Callable[[], None] | None = None,
        quiet_error: Callable[[BaseException], str] | None = None,
        cancelled_types: tuple[type[BaseException], ...] = (),
    ) -> int:
        """Run ``work(report)`` in the background; returns the task's number."""
        self._next += 1
        number = self._next
        if key is not None:
            self.cancel(key)
            self._latest[key] = number
        if cancel is not None:
            self._cancel[number] = cancel
        self._callbacks[number] = (on_done, on_error, on_progress)
        task = _Task(number, work, self._signals, quiet_error, self.name, cancelled_types)
        self.pool.start(task)
        return number

    def cancel(self, key: str) -> None:
        """Make the unfinished task of ``key`` stale (its answer is dropped) and stop it."""
        number = self._latest.pop(key, None)
        if number is None:
            return
        self._callbacks.pop(number, None)
        stop = self._cancel.pop(number, None)
        if stop is not None:
            stop()

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running tasks to end (their callbacks then arrive as events)."""
        return self.pool.waitForDone(msecs)

    @Slot()
    def shutdown(self) -> None:
        """Drop every pending answer, stop what can be stopped, and wait for the threads."""
        for key in list(self._latest):
            self.cancel(key)
        self._callbacks.clear()
        with contextlib.suppress(RuntimeError):  # the pool may already be gone at exit
            self.pool.clear()
            self.pool.waitForDone()

    # -- back on the GUI thread ---------------------------------------------------------------

    def _finish(self, number: int) -> tuple[Callable[..., None] | None, ...] | None:
        self._cancel.pop(number, None)
        for key, latest in list(self._latest.items()):
            if latest == number:
                del self._latest[key]
        return self._callbacks.pop(number, None)

    def _progressed(self, number: int, args: tuple) -> None:
        callbacks = self._callbacks.get(number)
        if callbacks and callbacks[2] is not None:
            callbacks[2](*args)

    def _succeeded(self, number: int, result: object) -> None:
        callbacks = self._finish(number)
        if callbacks and callbacks[0] is not None:
            callbacks[0](result)

    def _failed(self, number: int, message: str) -> None:
        callbacks = self._finish(number)
        if callbacks and callbacks[1] is not None:
            callbacks[1](message)

    def _cancelled(self, number: int) -> None:
        self._finish(number)
