"""English finishing: French typography and engine leftovers out of the English."""
from .finish import FINISH_VERSION, RULES, finish_english, finish_terms

__all__ = ["FINISH_VERSION", "RULES", "finish_english", "finish_terms"]
