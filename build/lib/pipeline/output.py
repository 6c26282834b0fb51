"""Writers for the aligned bilingual documents: out/<stem>.json and out/<stem>.md."""
from __future__ import annotations

import json
from pathlib import Path

from .atomic import write_text_atomic
from .document import Document

FORMAT_VERSION = 1


def document_json(doc: Document, segments: list[dict], engine, glossary: str) -> dict:
    return {
        "format": FORMAT_VERSION,
        "document": doc.name,
        "source_file": doc.source_file,
        "metadata": doc.metadata,
        "engine": {"name": engine.name, "model": engine.version},
        "glossary": glossary,
        "fingerprint": doc.fingerprint,
        "paragraphs": len(doc.paragraphs),
        "segments": segments,
    }


def _cell(text: str) -> str:
    # Markdown tables cannot hold newlines or bare pipes.
    return " ".join(text.split()).replace("|", "\\|")


def document_markdown(data: dict) -> str:
    lines = [f"# {data['document']}", ""]
    meta = ", ".join(f"{k}: {v}" for k, v in data["metadata"].items())
    lines.append(f"Source: `{data['source_file']}`" + (f" ({meta})" if meta else "")
                 + f". Engine: {data['engine']['name']} {data['engine']['model']}.")
    lines.append("")
    paragraph = None
    for seg in data["segments"]:
        if seg["paragraph"] != paragraph:
            paragraph = seg["paragraph"]
            lines += ["", f"## ¶ {paragraph}", "", "| id | French | English | notes |", "|---|---|---|---|"]
        notes = [seg["status"]] if seg["status"] != "machine" else []
        notes += [f"⚠ {f['code']}" for f in seg.get("flags", [])]
        lines.append(f"| {seg['id']} | {_cell(seg['source'])} | {_cell(seg['target'])} | {_cell(', '.join(notes))} |")
    if not data["segments"]:
        lines.append("_(empty document)_")
    return "\n".join(lines).lstrip("\n") + "\n"


def write_document(out_dir: Path, doc: Document, segments: list[dict], engine, glossary: str) -> dict:
    data = document_json(doc, segments, engine, glossary)
    write_text_atomic(out_dir / f"{doc.name}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(out_dir / f"{doc.name}.md", document_markdown(data))
    return data


def load_document_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
