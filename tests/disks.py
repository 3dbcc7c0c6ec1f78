"""A real full disk for tests: a tiny tmpfs of its own (mounting needs root, as in CI)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 1 MB filesystem of its own, unmounted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="tiny-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        folder.rmdir()
        message = f"cannot mount a tmpfs to fill ({mounted.stderr.strip()}); run as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def fill(disk: Path) -> Path:
    """Writes a file until the filesystem has no room left; returns it (delete it to free)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler
