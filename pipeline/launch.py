"""``pipeline`` and ``python -m pipeline``: what must start before the command
line's imports (pipeline/early.py), then the command line."""
from __future__ import annotations

import sys


def main() -> int:
    from . import early

    early.start(sys.argv[1:])
    from .cli import main as cli_main

    return cli_main()
