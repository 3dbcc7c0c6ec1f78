"""The domain and store rooms know no screen: each of their modules imports with Qt unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import signal_composer.signals
import signal_composer.store


def test_every_core_module_imports_without_qt() -> None:
    names = [
        m.name
        for package in (signal_composer.signals, signal_composer.store)
        for m in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
    ]
    assert len(names) >= 5
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6'} or name.startswith("
        "'signal_composer.qt'):\n"
        "            raise ImportError('core imported ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {names!r}:\n"
        "    __import__(name)\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
