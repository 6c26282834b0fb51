"""Argos model management: list, validate + install, fetch from the index.

Only ``argostranslate.package`` / ``argostranslate.settings`` are imported
(they load neither torch nor stanza). Two things are done here instead of
through argos's helpers, on purpose:

* the packages directory is resolved at *call* time (``packages_dir()``):
  ``argostranslate.settings`` reads ``ARGOS_PACKAGES_DIR`` once at import, so
  a later change (tests, a CLI option) would be ignored;
* ``install_file`` validates the archive first and installs atomically,
  whereas ``argostranslate.package.install_from_path`` extracts any zip
  straight into the packages dir (a bad file leaves debris there).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline.errors import ModelError

FROM_CODE, TO_CODE = "fr", "en"
OFFLINE_MESSAGE = (
    "cannot reach the Argos package index (offline?) — download "
    "translate-fr_en-*.argosmodel elsewhere and run `pipeline models install FILE`"
)
# Directories we create inside the packages dir while installing; skipped when listing.
_STAGING_PREFIX = ".pipeline-"


@dataclass(frozen=True)
class InstalledModel:
    name: str  # e.g. "translate-fr_en" (argospm name)
    from_code: str
    to_code: str
    version: str  # package_version from metadata.json
    path: Path

    @property
    def label(self) -> str:
        """Engine version string stored with segments: ``translate-fr_en-1.9``."""
        return f"{self.name}-{self.version}"


def packages_dir() -> Path:
    """The directory argos installs packages into, resolved now (not at import)."""
    from argostranslate import settings

    value = settings.get_setting("ARGOS_PACKAGES_DIR")
    if value:
        return Path(value)
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home) / "argos-translate" if data_home else settings.data_dir
    return base / "packages"


def _load(path: Path):
    """An ``argostranslate.package.Package`` for ``path``, or ModelError."""
    from argostranslate.package import Package

    try:
        return Package(path)
    except (OSError, ValueError, AttributeError) as err:  # missing/invalid metadata.json
        raise ModelError(f"{path}: not a valid Argos package ({_one_line(err)})") from None


def _describe(pkg) -> InstalledModel:
    from argostranslate.package import argospm_package_name

    return InstalledModel(
        name=argospm_package_name(pkg), from_code=pkg.from_code or "",
        to_code=pkg.to_code or "", version=pkg.package_version or "",
        path=Path(pkg.package_path),
    )


def installed_packages(directory: Optional[Path] = None) -> list:
    """Installed argos ``Package`` objects, skipping broken or staging dirs.

    Not ``argostranslate.package.get_installed_packages()``: it uses the
    import-time directory and raises for the whole list if one subdirectory
    lacks a metadata.json.
    """
    directory = Path(directory) if directory else packages_dir()
    if not directory.is_dir():
        return []
    found = []
    for sub in sorted(directory.iterdir()):
        if sub.name.startswith(".") or not (sub / "metadata.json").is_file():
            continue
        try:
            found.append(_load(sub))
        except ModelError:
            continue  # a broken package must not hide the others
    return found


def list_installed(directory: Optional[Path] = None) -> list[InstalledModel]:
    """Name, language pair, version and path of every installed package."""
    return [_describe(p) for p in installed_packages(directory)]


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def find_fr_en_package(directory: Optional[Path] = None):
    """The installed French→English package (highest version), or None."""
    candidates = [
        p for p in installed_packages(directory)
        if p.from_code == FROM_CODE and p.to_code == TO_CODE
        and (p.type or "translate") == "translate"
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: _version_key(p.package_version or ""))


# --------------------------------------------------------------------------- install


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _check_archive(path: Path) -> tuple[str, dict]:
    """Validate an .argosmodel without extracting it; return (top dir, metadata)."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos model (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()  # CRC check: catches truncated/corrupted downloads
            if bad is not None:
                raise ModelError(f"{path}: corrupt archive (bad CRC for {bad})")
            names = [n for n in zf.namelist() if n and not n.startswith("__MACOSX/")]
            for name in names:
                if name.startswith("/") or ".." in Path(name).parts:
                    raise ModelError(f"{path}: unsafe path in archive: {name}")
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) != 1 or any("/" not in n for n in names if not n.endswith("/")):
                raise ModelError(
                    f"{path}: an Argos model must contain exactly one top directory "
                    f"(found {', '.join(sorted(tops)) or 'nothing'})"
                )
            top = tops.pop()
            files = set(names)
            for required in ("metadata.json", "model/model.bin", "sentencepiece.model"):
                if f"{top}/{required}" not in files:
                    raise ModelError(f"{path}: not an Argos model (missing {top}/{required})")
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as err:
                raise ModelError(f"{path}: invalid {top}/metadata.json ({_one_line(err)})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as err:
        raise ModelError(f"{path}: corrupt archive ({_one_line(err)})") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{path}: invalid {top}/metadata.json (not an object)")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (FROM_CODE, TO_CODE):
        raise ModelError(
            f"{path}: this package translates {pair[0]}→{pair[1]}; the pipeline needs fr→en"
        )
    return top, metadata


def _check_extracted(path: Path, top_dir: Path) -> None:
    """Open what we extracted the way the engine will, before it goes live."""
    import ctranslate2
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_file=str(top_dir / "sentencepiece.model"))
    except (RuntimeError, OSError):
        raise ModelError(f"{path}: sentencepiece.model is not a SentencePiece model") from None
    # Loading the model once (about a second for a real one) is the only
    # reliable check: a truncated model.bin still "looks" like a model.
    try:
        ctranslate2.Translator(str(top_dir / "model"), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as err:
        raise ModelError(f"{path}: model/ is not a loadable CTranslate2 model ({_one_line(err)[:200]})") from None


def install_file(path) -> InstalledModel:
    """Validate an ``.argosmodel`` and install it; on any failure nothing changes.

    Extraction goes to a hidden staging dir inside the packages dir (same
    filesystem), which is then renamed into place; a package with the same
    directory name is replaced only after the new one is complete.
    """
    path = Path(path)
    top, _ = _check_archive(path)
    dest_root = packages_dir()
    dest_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "new-", dir=dest_root))
    backup: Optional[Path] = None
    target = dest_root / top
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise ModelError(f"{path}: cannot extract ({_one_line(err)})") from None
        _check_extracted(path, staging / top)
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "old-", dir=dest_root))
            os.rename(target, backup / top)
        try:
            os.rename(staging / top, target)
        except OSError as err:
            if backup is not None:
                os.rename(backup / top, target)  # put the old package back
                backup = None
            raise ModelError(f"{path}: cannot install into {dest_root} ({_one_line(err)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    _forget_argos_language_cache()
    return _describe(_load(target))


def _forget_argos_language_cache() -> None:
    # argostranslate.translate caches installed languages; clear it only if it
    # is already loaded (importing it would pull in stanza and torch).
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()


@contextmanager
def _quiet_argos_logger():
    """argos logs network errors itself (one per retry); our ModelError says it once."""
    logger = logging.getLogger("argostranslate.utils")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def install_from_index() -> InstalledModel:
    """Download the fr→en package listed in the Argos index and install it."""
    from argostranslate import package as argos_package
    from argostranslate import settings

    index = Path(settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    with _quiet_argos_logger():
        # update_package_index() swallows network errors, and
        # get_available_packages() then recurses forever when no index file
        # exists, so we check ourselves that the index was really refreshed.
        argos_package.update_package_index()
        after = index.stat().st_mtime_ns if index.exists() else None
        if after is None or after == before:
            raise ModelError(OFFLINE_MESSAGE)
        try:
            available = argos_package.get_available_packages()
        except (OSError, ValueError) as err:
            raise ModelError(f"{index}: unreadable Argos package index ({_one_line(err)})") from None
        wanted = [
            p for p in available
            if p.from_code == FROM_CODE and p.to_code == TO_CODE
            and (p.type or "translate") == "translate"
        ]
        if not wanted:
            raise ModelError(f"{index}: the Argos package index lists no fr→en package")
        best = max(wanted, key=lambda p: _version_key(p.package_version or ""))
        try:
            downloaded = best.download()
        except Exception:  # argos raises a bare Exception("Download failed …")
            raise ModelError(OFFLINE_MESSAGE) from None
    return install_file(downloaded)
