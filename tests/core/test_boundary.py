"""The core knows no screen: every core module imports with Qt made unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import gui.core


def test_every_core_module_imports_without_qt() -> None:
    names = [m.name for m in pkgutil.iter_modules(gui.core.__path__, "gui.core.")]
    assert len(names) >= 5
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6'} or name.startswith('gui.qt'):\n"
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
