"""English finishing: French typography and engine leftovers out of the English.

The rules are imported on first use (their regular expressions take a while to
compile, and a no-op re-run needs only ``FINISH_VERSION``)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import FINISH_VERSION

if TYPE_CHECKING:
    from .finish import RULES, finish_english, finish_terms

__all__ = ["FINISH_VERSION", "RULES", "finish_english", "finish_terms"]


def __getattr__(name: str) -> Any:
    if name in ("RULES", "finish_english", "finish_terms"):
        from . import finish
        return getattr(finish, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
