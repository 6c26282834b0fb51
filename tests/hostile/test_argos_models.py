"""Hostile Argos packages: broken tokenizers, BPE without codes, unknown target_prefix.

Each is refused at install with one line naming the archive and the member
inside it; nothing is installed.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from pipeline.engines.argos import models
from pipeline.errors import ModelError
from tests.test_models import _rezip


def _replace_member(src: Path, dest: Path, member: str, data) -> Path:
    top = zipfile.ZipFile(src).namelist()[0].split("/")[0]
    return _rezip(src, dest, drop=(member,), add={f"{top}/{member}": data} if data is not None else None)


TOKENIZER_PROBLEMS = {
    # (layout, member, new content or None = removed): expected message part
    "spm missing": ("1.9", "sentencepiece.model", None,
        "missing translate-fr_en-1_9/sentencepiece.model or translate-fr_en-1_9/bpe.model"),
    "spm unreadable": ("1.9", "sentencepiece.model", b"\x00garbage" * 10,
        "translate-fr_en-1_9/sentencepiece.model: not a readable SentencePiece model"),
    "bpe empty": ("bpe", "bpe.model", b"", "translate-fr_en-1_0/bpe.model: BPE model has no merge codes"),
    "bpe header only": ("bpe", "bpe.model", b"#version: 0.2\n",
        "translate-fr_en-1_0/bpe.model: BPE model has no merge codes"),
    "bpe not codes": ("bpe", "bpe.model", b"#version: 0.2\nthis is prose\n",
        "translate-fr_en-1_0/bpe.model: line 2: not a BPE merge"),
    "bpe not utf-8": ("bpe", "bpe.model", b"\xff\xfe\x00a b\n", "translate-fr_en-1_0/bpe.model: cannot read BPE codes"),
}


@pytest.mark.parametrize("kind", sorted(TOKENIZER_PROBLEMS))
def test_bad_tokenizer_is_refused_naming_the_file(kind, argos_home, layout_argosmodel, tmp_path):
    layout, member, data, expected = TOKENIZER_PROBLEMS[kind]
    bad = _replace_member(layout_argosmodel(layout), tmp_path / "bad.argosmodel", member, data)
    with pytest.raises(ModelError) as exc:
        models.install_file(bad)
    message = str(exc.value)
    assert message.startswith(f"{bad}: ") and expected in message and "\n" not in message
    assert list(argos_home.iterdir()) == []


def test_target_prefix_not_in_vocabulary_is_refused(argos_home, layout_argosmodel, tmp_path):
    src = layout_argosmodel("1.9")
    meta = json.loads(zipfile.ZipFile(src).read("translate-fr_en-1_9/metadata.json"))
    meta["target_prefix"] = "__zz__"
    bad = _replace_member(src, tmp_path / "bad.argosmodel", "metadata.json", json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        models.install_file(bad)
    assert str(exc.value) == (
        f"{bad}: translate-fr_en-1_9/metadata.json: target_prefix '__zz__' is not in the "
        "model's target vocabulary (translate-fr_en-1_9/model/target_vocabulary.json)")
    assert list(argos_home.iterdir()) == []
