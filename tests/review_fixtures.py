"""A small translated project for the review/exchange tests (the fake engine, a tmp dir)."""
from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from pipeline import translate_paths

from .conftest import FakeEngine

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    "La coalition a reçu 2,75 milliards d’euros en 2024. Les drones jouent un rôle clé.\n"
    "Le texte <script>alert('x')</script> & « guillemets » doit rester du texte.\n"
    "Leave a Comment\n"
)
OTHER = "Huit pays ont rejoint la coalition. Le ministre a parlé.\n"

# What a (good) engine would say; anything else is upper-cased.
GOOD = {
    "La coalition a reçu 2,75 milliards d’euros en 2024.": "The coalition received 2.75 billion euros in 2024.",
    "Les drones jouent un rôle clé.": "Drones play a key role.",
    "Huit pays ont rejoint la coalition.": "Eight countries have joined the coalition.",
    "Le ministre a parlé.": "The minister spoke.",
    "Le ministre a parlé longuement.": "The minister spoke at length.",
}


def dict_engine() -> FakeEngine:
    """The tests' FakeEngine with GOOD's translations, under its own name ("dict")."""
    return FakeEngine(name="dict", table=GOOD)


def make_project(tmp_path: Path) -> tuple[Path, Path]:
    """(seeds dir, out dir) with two translated documents: "art" and "other"."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "art.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "other.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"
    translate(seeds, out)
    return seeds, out


def translate(seeds: Path, out: Path, force: bool = False, engine=None, glossary=None):
    """Translate seeds/*.txt into out/ through the API (the CLI's run)."""
    return translate_paths(sorted(seeds.glob("*.txt")), out, engine or dict_engine(), glossary, force=force)


def load(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def segment(out: Path, name: str, sid: str) -> dict:
    return next(s for s in load(out, name)["segments"] if s["id"] == sid)


@contextlib.contextmanager
def review_server(tmp_path: Path):
    """A project with a copy of the real glossary, served on an ephemeral port.

    Yields (seeds, out, server); the server is shut down on exit.
    """
    from pipeline.review.server import ReviewServer

    seeds, out = make_project(tmp_path)
    glossary = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", glossary)
    server = ReviewServer(out, glossary, port=0)
    server.start_background()
    try:
        yield seeds, out, server
    finally:
        server.shutdown()
        server.server_close()


CITIES = ["Lyon", "Lille", "Nantes", "Brest", "Dijon", "Metz", "Nice", "Pau", "Tours", "Caen"]


def big_article(paragraphs: int = 400, per_paragraph: int = 5, prefix: str = "") -> str:
    """A long article of distinct French sentences (paragraphs × per_paragraph segments)."""
    lines = []
    for p in range(paragraphs):
        lines.append(" ".join(
            f"Le conseil numéro {p * per_paragraph + s} de {CITIES[(p + s) % len(CITIES)]} a voté le budget."
            for s in range(per_paragraph)))
    return prefix + "\n".join(lines) + "\n"
