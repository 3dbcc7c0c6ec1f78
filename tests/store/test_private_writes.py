"""Private writes: two threads writing one file never collide, a reader never sees it empty."""

from __future__ import annotations

import threading
from pathlib import Path

from signal_composer.store.paths import write_private


def test_two_threads_writing_one_file_never_fail_nor_leave_it_empty(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    write_private(target, b"start")
    errors: list[BaseException] = []
    seen_sizes: set[int] = set()
    stop = threading.Event()

    def writer(payload: bytes) -> None:
        try:
            for _ in range(80):
                write_private(target, payload)
        except BaseException as exc:  # the old shared temp name raised FileNotFoundError
            errors.append(exc)

    def reader() -> None:
        while not stop.is_set():
            seen_sizes.add(len(target.read_bytes()))

    payloads = [b"a" * 200_000, b"b" * 150_000]
    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    assert errors == []
    assert seen_sizes <= {5, 200_000, 150_000}, "a reader saw a partial or empty file"
    assert target.read_bytes() in payloads
    assert (target.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"], "a temp file was left"
