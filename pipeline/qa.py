"""Quality checks on one finished segment; each flag is {code, severity, message}."""
from __future__ import annotations


def flag(code: str, severity: str, message: str) -> dict:
    return {"code": code, "severity": severity, "message": message}


def check_segment(segment: dict) -> list[dict]:
    flags: list[dict] = []
    for term in segment.get("terms", []):
        if term.get("status") == "missing":
            flags.append(flag("term-missing", "error",
                              f"glossary term “{term.get('source')}” should be “{term.get('target')}”"))
    if "stale_edit" in segment:
        flags.append(flag("stale-edit", "warning",
                          "the source changed since a reviewer edited this segment; the old edit is kept beside it"))
    return flags
