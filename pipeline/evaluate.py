"""Evaluation: chrF and BLEU (sacrebleu) and term accuracy.

Term accuracy follows the WMT21 terminology task (see /work/shared/eval
README): for every annotated term occurrence, does the required English term
appear in the output line? Matching is case-insensitive and word-bounded; a
line that needs the same term twice needs it twice in the output. The
"lemma" figure also accepts a plural/singular ending (``-s``/``-es``).

Harm, not only hits: term accuracy on the reference's own surface form
(``en_surface``: "vaccines" where the reference says so, where the glossary
term is "vaccine"), the number of glossary spans whose rendering is neither
an annotated term of the line nor in its reference (the glossary imposing a
rendering the translator did not use: "assay" for a plain "test"), and the
"a" + vowel-sound errors ("a infection") an inserted rendering can cause.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from .errors import UsageError


@dataclass
class EvalResult:
    lines: int
    chrf: float
    bleu: float
    term_total: int = 0
    term_hits: int = 0
    term_hits_lemma: int = 0
    term_hits_surface: int = 0
    #: glossary spans whose rendering is not annotated on the line and not in its reference
    unsupported_spans: int = 0
    glossary_spans: int = 0
    a_vowel_errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    #: each line's hypothesis and glossary spans (for reports that look inside; not in as_dict)
    hyps: list = field(default_factory=list, repr=False)
    spans: list = field(default_factory=list, repr=False)

    @property
    def term_accuracy(self) -> Optional[float]:
        return 100.0 * self.term_hits / self.term_total if self.term_total else None

    @property
    def term_accuracy_surface(self) -> Optional[float]:
        return 100.0 * self.term_hits_surface / self.term_total if self.term_total else None

    @property
    def term_accuracy_lemma(self) -> Optional[float]:
        return 100.0 * self.term_hits_lemma / self.term_total if self.term_total else None

    def as_dict(self) -> dict:
        return {"lines": self.lines, "chrf": round(self.chrf, 2), "bleu": round(self.bleu, 2),
                "term_occurrences": self.term_total,
                "term_accuracy": None if self.term_accuracy is None else round(self.term_accuracy, 2),
                "term_accuracy_lemma": None if self.term_accuracy_lemma is None else round(self.term_accuracy_lemma, 2),
                "term_accuracy_surface": None if self.term_accuracy_surface is None
                else round(self.term_accuracy_surface, 2),
                "glossary_spans": self.glossary_spans, "unsupported_spans": self.unsupported_spans,
                "a_vowel_errors": self.a_vowel_errors,
                "glossary_statuses": dict(self.statuses), "seconds": round(self.seconds, 1)}


def read_lines(path: Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\n").split("\n")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read ({err})") from None


def load_terms(path: Path, field_name: str = "en_term") -> list[list[str]]:
    """meta.jsonl → per line, the required English terms (``en_term``), or their
    form in the reference (``en_surface``, falling back to the term)."""
    out = []
    for n, line in enumerate(read_lines(path), 1):
        try:
            row = json.loads(line)
            out.append([t.get(field_name) or t["en_term"] for t in row.get("terms", [])])
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
            raise UsageError(f"{path}:{n}: not a terminology line ({getattr(err, 'msg', err)})") from None
    return out


def a_vowel_errors(text: str) -> int:
    """"a" before a word English writes with "an" ("a infection", "a outbreak")."""
    from .glossary.enforce import an_before

    return sum(1 for m in re.finditer(r"(?<![\w'’-])[Aa]\s+([\w.][\w.'’-]*)", text) if an_before(m.group(1)))


def unsupported(spans: Sequence[dict], annotated: Sequence[str], reference: str) -> int:
    """Glossary spans whose rendering is neither an annotated term nor in the reference."""
    allowed = {a.casefold() for a in annotated}
    n = 0
    for span in spans:
        target = span.get("target", "")
        if span.get("status") == "missing" or not target:
            continue
        core = re.sub(r"^(?i:the)\s+", "", target)
        if core.casefold() in allowed or _occurrences(core, reference, lemma=True):
            continue
        n += 1
    return n


def _occurrences(term: str, text: str, lemma: bool) -> int:
    suffix = r"(?:s|es)?" if lemma else ""
    body = re.escape(term)
    if lemma and term.lower().endswith("s"):
        body = re.escape(term[:-1]) + "s?"
    return len(re.findall(rf"(?<!\w){body}{suffix}(?!\w)", text, flags=re.IGNORECASE))


def term_hits(terms: Sequence[str], hypothesis: str, lemma: bool = False) -> int:
    hits = 0
    for term, needed in Counter(terms).items():
        hits += min(needed, _occurrences(term, hypothesis, lemma))
    return hits


def score(hyps: Sequence[str], refs: Sequence[str], terms: Optional[Sequence[Sequence[str]]] = None,
          surfaces: Optional[Sequence[Sequence[str]]] = None,
          spans: Optional[Sequence[Sequence[dict]]] = None) -> EvalResult:
    import sacrebleu

    if len(hyps) != len(refs):
        raise UsageError(f"{len(hyps)} hypotheses for {len(refs)} references")
    result = EvalResult(lines=len(hyps), chrf=sacrebleu.corpus_chrf(list(hyps), [list(refs)]).score,
                        bleu=sacrebleu.corpus_bleu(list(hyps), [list(refs)]).score)
    if terms is not None:
        if len(terms) != len(hyps):
            raise UsageError(f"{len(terms)} term lines for {len(hyps)} hypotheses")
        for line_terms, hyp in zip(terms, hyps):
            result.term_total += len(line_terms)
            result.term_hits += term_hits(line_terms, hyp)
            result.term_hits_lemma += term_hits(line_terms, hyp, lemma=True)
        for line_surfaces, hyp in zip(surfaces or [], hyps):
            result.term_hits_surface += term_hits(line_surfaces, hyp)
    result.a_vowel_errors = sum(a_vowel_errors(h) for h in hyps)
    if spans is not None:
        for k, (line_spans, ref) in enumerate(zip(spans, refs)):
            annotated = list(terms[k]) + list(surfaces[k]) if terms is not None and surfaces else []
            result.glossary_spans += sum(1 for s in line_spans if s.get("status") != "missing")
            result.unsupported_spans += unsupported(line_spans, annotated, ref)
    return result


def translate_lines(lines: Sequence[str], engine, policy=None,
                    spans: Optional[list] = None) -> tuple[list[str], Counter]:
    """Translate one sentence per line as a run does (``translate.translate_sentences``:
    the glossary, over-long sentences in pieces, English finishing); each line's
    glossary spans are appended to ``spans`` when given."""
    from .translate import translate_sentences

    hyps: list[str] = []
    statuses: Counter[str] = Counter()
    for text, terms in translate_sentences(engine, list(lines), policy):
        hyps.append(text)
        statuses.update(t["status"] for t in terms)
        if spans is not None:
            spans.append(terms)
    return hyps, statuses


def evaluate(src: Path, ref: Path, engine, glossary: Optional[Path] = None,
             terms: Optional[Path] = None, limit: Optional[int] = None,
             hyp_out: Optional[Path] = None) -> EvalResult:
    import time

    from .glossary import load_policy

    sources, refs = read_lines(src), read_lines(ref)
    if len(sources) != len(refs):
        raise UsageError(f"{src} has {len(sources)} lines but {ref} has {len(refs)}")
    term_lines = load_terms(terms) if terms else None
    surface_lines = load_terms(terms, "en_surface") if terms else None
    if term_lines is not None and len(term_lines) != len(sources):
        raise UsageError(f"{terms} has {len(term_lines)} lines but {src} has {len(sources)}")
    if limit:
        sources, refs = sources[:limit], refs[:limit]
        term_lines = term_lines[:limit] if term_lines else None
        surface_lines = surface_lines[:limit] if surface_lines else None
    policy = load_policy(glossary) if glossary else None
    start = time.perf_counter()
    spans: list = []
    hyps, statuses = translate_lines(sources, engine, policy, spans)
    if hyp_out:
        Path(hyp_out).write_text("\n".join(hyps) + "\n", encoding="utf-8")
    result = score(hyps, refs, term_lines, surface_lines, spans if policy else None)
    result.statuses = statuses
    result.hyps, result.spans = hyps, spans
    result.seconds = time.perf_counter() - start
    return result
