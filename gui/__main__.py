"""``python -m gui``: the same as the ``signal-composer`` command."""

import sys

from gui.entry import main

sys.exit(main())
