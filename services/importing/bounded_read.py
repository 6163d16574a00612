"""Reads an uploaded file in a child process with memory, CPU-time and wall-time limits.

An uploaded file is untrusted: a reader (python-calamine is native code) that meets a hostile file can ask for more
memory than the machine has and abort, or spin. In the server's own process that would end every session and every
running import. In a child, it costs the uploader a plain message and nobody else anything, and whatever memory the
read needed goes back to the system when the child ends.

Each read is a fresh `python -m services.importing.bounded_read` (about 60 ms here): no fork of the threaded server,
and it does not matter how the server was started. What comes back is unpickled with an allow-list of classes, so even a
child taken over through a reader's bug cannot run code in the server. Limits (environment, defaults in brackets):
`STUDIO_READ_MEMORY_MB` (2048) of address space, `STUDIO_READ_CPU_SECONDS` (60), `STUDIO_READ_WALL_SECONDS` (90).
"""

import importlib
import io
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.importing.table import Limits, ReadSettings, Table, UnreadableFile

log = logging.getLogger(__name__)
SAFELY = "This file could not be read safely: "
_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ChildLimits:
    memory_bytes: int = 2048 * 1024 * 1024
    cpu_seconds: int = 60
    wall_seconds: float = 90.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "ChildLimits":
        default = cls()
        try:
            memory = int(float(environ.get("STUDIO_READ_MEMORY_MB") or 0) * 1024 * 1024) or default.memory_bytes
            cpu = int(environ.get("STUDIO_READ_CPU_SECONDS") or default.cpu_seconds)
            wall = float(environ.get("STUDIO_READ_WALL_SECONDS") or default.wall_seconds)
        except ValueError:
            return default
        return cls(memory, max(1, cpu), max(1.0, wall))


# What may come back from a child: the table and what it is made of, nothing that runs code.
_ALLOWED = {
    ("services.importing.table", "Table"),
    ("services.importing.table", "ReadSettings"),
    ("services.importing.table", "PackedRows"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("datetime", "datetime"),
}


class _AnswerUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} may not come back from a file reader")
        return super().find_class(module, name)


def _child_main() -> None:
    """In the child: read the job from stdin, set the limits, run it, write the answer to stdout."""
    target, args, limits = pickle.load(sys.stdin.buffer)  # noqa: S301 (written by run_bounded, in this server)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    module, _, name = target.partition(":")
    try:
        answer: tuple[str, Any] = ("ok", getattr(importlib.import_module(module), name)(*args))
    except UnreadableFile as error:
        answer = ("unreadable", str(error))
    except MemoryError:
        answer = ("limit", f"it needs more than the {limits.memory_bytes // 2**20:,} MB of memory a file may use.")
    except RecursionError:
        answer = ("limit", "it nests too deeply to read.")
    except Exception as error:  # any other failure of a reader on hostile content is that file's problem only
        answer = ("limit", f"the reader failed on it ({type(error).__name__}).")
    try:
        sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        sys.stdout.buffer.write(pickle.dumps(("limit", "what it holds is too large to hand back.")))


def _why_it_died(returncode: int, limits: ChildLimits) -> str:
    if returncode == -signal.SIGXCPU:
        return f"reading it took more than {limits.cpu_seconds} seconds of processing."
    return (
        "the reader stopped on it (it may need more memory than the "
        f"{limits.memory_bytes // 2**20:,} MB a file may use, or be damaged)."
    )


def run_bounded(target: str, *args: Any, limits: ChildLimits | None = None) -> Any:
    """`module:function` called with `args` in a child process under `limits`. Its `UnreadableFile` comes back as
    it is; a crash, a limit reached or a time-out becomes an `UnreadableFile` that starts "This file could not be
    read safely"."""
    limits = limits or ChildLimits.from_env()
    job = pickle.dumps((target, args, limits), protocol=pickle.HIGHEST_PROTOCOL)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_ROOT), *sys.path])}
    child = subprocess.Popen(
        [sys.executable, "-m", "services.importing.bounded_read"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=_ROOT,
        env=environment,
    )
    try:
        answer, errors = child.communicate(job, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise UnreadableFile(SAFELY + f"reading it took longer than {limits.wall_seconds:g} seconds.") from None
    if child.returncode != 0 or not answer:
        log.warning("a file reader ended with %s: %s", child.returncode, errors[-300:].decode(errors="replace"))
        raise UnreadableFile(SAFELY + _why_it_died(child.returncode, limits))
    try:
        status, value = _AnswerUnpickler(io.BytesIO(answer)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        log.warning("a file reader sent back something that is not a table")
        raise UnreadableFile(SAFELY + "the reader's answer was not a table.") from None
    if status == "ok":
        return value
    raise UnreadableFile(value if status == "unreadable" else SAFELY + value)


def read_upload(
    filename: str,
    data: bytes,
    settings: Any = None,
    limits: Limits | None = None,
    child_limits: ChildLimits | None = None,
) -> Table:
    """An uploaded file as a table, read in a bounded child: with `settings` None, everything about how to read it
    is guessed (the table's settings say what was taken)."""
    limits = limits or Limits.from_env()
    if settings is None:
        table = run_bounded("services.importing.read:read_guessed", filename, data, limits, limits=child_limits)
    else:
        table = run_bounded("services.importing.read:read_table", data, settings, limits, limits=child_limits)
    if not isinstance(table, Table):
        raise UnreadableFile(SAFELY + "the reader's answer was not a table.")
    return table


def guess_upload(filename: str, data: bytes, child_limits: ChildLimits | None = None) -> ReadSettings | None:
    """How the file would be read, guessed in a bounded child without reading it whole (for when reading it with
    those settings failed, so the person can change them); None when even that cannot be done."""
    try:
        guessed = run_bounded("services.importing.read:guess_settings", filename, data[:200_000], limits=child_limits)
    except UnreadableFile:
        return None
    return guessed if isinstance(guessed, ReadSettings) else None


if __name__ == "__main__":
    _child_main()
