"""``python -m gui``: the same as the ``signal-composer`` command."""

import sys

from signal_composer.entry import main

sys.exit(main())
