"""A Linux terminal driver whose input reading never dies on a byte that is not UTF-8.

Textual's `LinuxDriver.run_input_thread` decodes stdin with a strict incremental UTF-8
decoder: one stray byte (0xff from a GBK terminal, 0x9b from Alt sending 8-bit bytes, a
barcode scanner) raises UnicodeDecodeError, the input thread ends and the app panics with a
traceback. Here the very same method runs with one change: its decoder drops undecodable
bytes (`errors="ignore"`), so nothing odd is stored either. The method is Textual's own code
object, re-bound to module globals in which `getincrementaldecoder` is ours: nothing in
site-packages is edited or patched. Should the reader still fail, it is restarted instead of
ending the app.
"""

from __future__ import annotations

import codecs
import types
from collections.abc import Callable
from typing import Any

from textual.drivers import linux_driver
from textual.drivers.linux_driver import LinuxDriver

MAX_RESTARTS = 100  # a reader that keeps failing is a broken terminal, not a stray byte


def tolerant_incremental_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """Like `codecs.getincrementaldecoder`, but its decoders drop undecodable bytes."""
    cls = codecs.getincrementaldecoder(encoding)
    return lambda: cls(errors="ignore")


_original = LinuxDriver.run_input_thread
_tolerant_run_input_thread: Any = types.FunctionType(
    _original.__code__,
    {**vars(linux_driver), "getincrementaldecoder": tolerant_incremental_decoder},
    _original.__name__,
    _original.__defaults__,
    _original.__closure__,
)


class TolerantLinuxDriver(LinuxDriver):
    """`LinuxDriver` with input decoding that never raises (see the module docstring)."""

    run_input_thread = _tolerant_run_input_thread

    def _run_input_thread(self) -> None:
        for _ in range(MAX_RESTARTS):
            try:
                self.run_input_thread()
                return
            except Exception:  # noqa: BLE001 - keep reading keys; the kiosk must not be left
                if self.exit_event.is_set():
                    return
        super()._run_input_thread()  # give up as Textual would (the app's edge catches it)
