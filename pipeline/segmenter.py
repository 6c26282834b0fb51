"""French sentence segmentation: pysbd's French rules plus two corpus fixes.

pysbd already knows French abbreviations (M., Mme, Dr), decimal commas,
ellipses and quotes. Web text adds what it cannot know:

* captions and headlines glued to the next sentence without punctuation
  ("… l'ont déjà rejointe Le ministre ukrainien …"): a lower-case word followed
  by a capitalised determiner or pronoun and then a lower-case word starts a new
  sentence. ("le journal Le Monde" is safe: "Monde" is capitalised.)
* runs of whitespace, including no-break spaces, inside a sentence are kept as
  they are: the source text must round-trip.

pysbd costs about 3–10 ms a paragraph, as much as the rest of the pipeline.
Most paragraphs of news text (headlines, captions, one-sentence paragraphs)
have no candidate boundary at all, no terminal punctuation before their last
characters; pysbd returns them whole, so they skip it. (Measured identical on
newstest2014, FLORES-200, TICO-19 and the corpus; sentencex and spaCy's
sentencizer are faster or similar but split "M. Nicholson", "p.-d.g.":
benchmarks/bench_segmenter.py.)
"""
from __future__ import annotations

import re
import threading

# Not "L’": the corpus has a stray capital mid-sentence ("repousser L’invasion").
_SENTENCE_STARTERS = "Le|La|Les|Un|Une|Des|Il|Elle|Ils|Elles|Nous|Selon|Depuis"
# A possible sentence end followed by more text: only then is pysbd needed.
_BOUNDARY_RE = re.compile(r"[.!?…\n\r].*?\S", re.S)
_GLUED_RE = re.compile(rf"(?<=[a-zà-öø-ÿ]) (?=(?:{_SENTENCE_STARTERS}) [a-zà-öø-ÿ])")


_local = threading.local()


def _segmenter():
    """This thread's pysbd segmenter. One is not thread-safe: ``segment`` keeps
    the paragraph on the object, so two threads sharing it get each other's
    spans, and a paragraph's sentences went missing when a first run's
    prefetch (pipeline/prefetch.py) segmented beside the run."""
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        import pysbd  # on first use: a no-op re-run segments nothing

        segmenter = _local.segmenter = pysbd.Segmenter(language="fr", clean=False, char_span=True)
    return segmenter


def _split_glued(sentence: str) -> list[str]:
    parts, start = [], 0
    for match in _GLUED_RE.finditer(sentence):
        parts.append(sentence[start:match.start()])
        start = match.end()
    parts.append(sentence[start:])
    return [p for p in parts if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph (a single line) into sentences, losing no text.

    Joining the result with single spaces gives back the paragraph modulo
    whitespace between sentences.
    """
    if not paragraph.strip():
        return []
    if not _BOUNDARY_RE.search(paragraph):
        return [s.strip() for s in _split_glued(paragraph.strip())]
    spans = _segmenter().segment(paragraph)
    sentences: list[str] = []
    for span in spans:
        text = span.sent.strip()
        if text:
            sentences.extend(s.strip() for s in _split_glued(text))
    return sentences
