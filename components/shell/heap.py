"""The process's long-lived objects kept out of the cycle collector's way.

Streamlit collects garbage after every script run (`runner.postScriptGC`): a full collection whose cost grows with
every object the process holds. Once a page has run, SQLAlchemy, Altair, numpy, rapidfuzz and the studio's modules
are loaded, and that collection was 78 of the 117 ms of the run after a click on Create (bench row 4), while the
browser waited for the run's last messages. Those objects live as long as the process, so after each page's first
run they are moved out of the collector's generations (`gc.freeze()`); the collection after a run then walks only
what was made since. Garbage among them is collected first, and reference counting still frees what they drop."""

import gc
import threading

_settled: set[str] = set()  # the pages whose first run has ended in this process
_lock = threading.Lock()


def settle_heap(page: str) -> None:
    """After a script run of `page`: the first time in this process, what is alive is frozen."""
    with _lock:
        if page in _settled:
            return
        _settled.add(page)
        gc.collect()
        gc.freeze()
