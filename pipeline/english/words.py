"""Word-by-word rewriting, shared by the rules that map single words."""
from __future__ import annotations

import re
from typing import Callable


def replace_words(word_re: re.Pattern, english: Callable[[str], str], text: str) -> str:
    """``text`` with every ``word_re`` word replaced by ``english(word)``.

    Each distinct word is looked up once, and a sentence in which no word
    changes (most of them) is not rewritten at all: a ``sub`` with a Python
    call per word cost these rules more than all the others together."""
    changed = {w: e for w in set(word_re.findall(text)) if (e := english(w)) != w}
    if not changed:
        return text
    return word_re.sub(lambda m: changed.get(m.group(0), m.group(0)), text)
