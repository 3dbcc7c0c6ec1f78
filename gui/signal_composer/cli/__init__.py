"""The ``signal-composer`` command line: one module per command group, over the same core."""
