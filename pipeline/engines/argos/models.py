"""Argos model management: list, validate + install, fetch from the index.

Only ``argostranslate.package`` / ``argostranslate.settings`` are imported
(they load neither torch nor stanza). Two things are done here instead of
through argos's helpers, on purpose:

* the packages directory is resolved at *call* time (``packages_dir()``):
  ``argostranslate.settings`` reads ``ARGOS_PACKAGES_DIR`` once at import, so
  a later change (tests, a CLI option) would be ignored;
* ``install_file`` validates the archive first and installs atomically,
  whereas ``argostranslate.package.install_from_path`` extracts any zip
  straight into the packages dir (a bad file leaves debris there). Staging
  happens *beside* the packages dir, never in it: any folder there without a
  metadata.json makes ``argostranslate.package.get_installed_packages()`` raise;
* ``install_from_index`` downloads to a versioned temporary file: argos's
  ``AvailablePackage.download()`` caches under an unversioned name
  (``translate-fr_en.argosmodel``) and reuses a stale file, so an old 1.0
  download would be "installed" again instead of the 1.9 the index lists.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.errors import ModelError

FROM_CODE, TO_CODE = "fr", "en"
OFFLINE_MESSAGE = (
    "cannot reach the Argos package index (offline?) — download "
    "translate-fr_en-*.argosmodel elsewhere and run `pipeline models install FILE`"
)
# Directories earlier versions created *inside* the packages dir while
# installing; skipped when listing and cleaned up by the next install.
_STAGING_PREFIX = ".pipeline-"


@dataclass(frozen=True)
class InstalledModel:
    name: str  # e.g. "translate-fr_en" (argospm name)
    from_code: str
    to_code: str
    version: str  # package_version from metadata.json
    path: Path
    # fr→en packages this install replaced (labels), for the CLI's message
    replaced: tuple = field(default=(), compare=False)

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


def load_package(path: Path):
    """An ``argostranslate.package.Package`` for ``path``, or ModelError."""
    from argostranslate.package import Package

    try:
        return Package(path)
    except (OSError, ValueError, AttributeError) as err:  # missing/invalid metadata.json
        raise ModelError(f"{path}: not a valid Argos package ({_one_line(err)})") from None


def describe(pkg) -> InstalledModel:
    """What the CLI and the engine show of a loaded package: name, languages, version, path."""
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
            found.append(load_package(sub))
        except ModelError:
            continue  # a broken package must not hide the others
    return found


def list_installed(directory: Optional[Path] = None) -> list[InstalledModel]:
    """Name, language pair, version and path of every installed package."""
    return [describe(p) for p in installed_packages(directory)]


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


TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")  # argostranslate's order of preference


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
            for required in ("metadata.json", "model/model.bin"):
                if f"{top}/{required}" not in files:
                    raise ModelError(f"{path}: not an Argos model (missing {top}/{required})")
            if not any(f"{top}/{t}" in files for t in TOKENIZER_FILES):
                raise ModelError(f"{path}: not an Argos model (missing {top}/sentencepiece.model "
                                 f"or {top}/bpe.model: no tokenizer)")
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
    prefix = metadata.get("target_prefix", "")
    if not isinstance(prefix, str):
        raise ModelError(f"{path}: invalid {top}/metadata.json (target_prefix is not a string)")
    return top, metadata


def target_vocabulary(model_dir: Path) -> tuple[Path, list[str]]:
    """The CTranslate2 model's target vocabulary (file, tokens), whatever the converter wrote."""
    for name in ("target_vocabulary", "shared_vocabulary"):
        json_file, txt_file = model_dir / f"{name}.json", model_dir / f"{name}.txt"
        if json_file.is_file():
            tokens = json.loads(json_file.read_text(encoding="utf-8"))
            if not isinstance(tokens, list):
                raise ValueError("not a JSON list")
            return json_file, tokens
        if txt_file.is_file():
            return txt_file, txt_file.read_text(encoding="utf-8").splitlines()
    raise FileNotFoundError(f"{model_dir}: no target_vocabulary or shared_vocabulary file")


def _check_extracted(path: Path, staged: Path, top: str, metadata: dict) -> None:
    """Open what we extracted the way the engine will, before it goes live.

    Errors name the archive and the member inside it (``FILE: top/bpe.model: …``).
    """
    import ctranslate2

    from pipeline.engines.argos.tokenizer import load_tokenizer

    top_dir = staged / top
    try:
        load_tokenizer(top_dir, FROM_CODE, TO_CODE)
    except ModelError as err:
        raise ModelError(str(err).replace(f"{staged}{os.sep}", f"{path}: ", 1)) from None
    prefix = metadata.get("target_prefix", "")
    if prefix:
        try:
            vocab_file, vocab = target_vocabulary(top_dir / "model")
        except (OSError, ValueError) as err:
            raise ModelError(f"{path}: {top}/model: cannot read the target vocabulary "
                             f"({_one_line(err).replace(str(staged) + os.sep, '')})") from None
        if prefix not in vocab:
            raise ModelError(f"{path}: {top}/metadata.json: target_prefix {prefix!r} is not in "
                             f"the model's target vocabulary ({vocab_file.relative_to(staged)})")
    # Loading the model once (about a second for a real one) is the only
    # reliable check: a truncated model.bin still "looks" like a model.
    try:
        ctranslate2.Translator(str(top_dir / "model"), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError, IndexError, KeyError) as err:
        raise ModelError(f"{path}: {top}/model/ is not a loadable CTranslate2 model "
                         f"({_one_line(err)[:200]})") from None


def staging_root(dest_root: Path) -> Path:
    """Where installs are staged: beside the packages dir (same filesystem), never inside it."""
    return dest_root.parent / f".{dest_root.name}.pipeline-staging"


def _clean_leftovers(dest_root: Path, staging: Path) -> None:
    """Remove what killed installs left: old in-dir staging folders, stale staging dirs."""
    if dest_root.is_dir():
        for sub in dest_root.iterdir():
            if sub.name.startswith(_STAGING_PREFIX) and sub.is_dir():
                shutil.rmtree(sub, ignore_errors=True)
    if staging.is_dir():
        hour_ago = time.time() - 3600  # an install running now is younger than that
        for sub in staging.iterdir():
            try:
                if sub.stat().st_mtime < hour_ago:
                    shutil.rmtree(sub, ignore_errors=True) if sub.is_dir() else sub.unlink()
            except OSError:
                continue


def install_file(path) -> InstalledModel:
    """Validate an ``.argosmodel`` and install it; on any failure nothing changes.

    Extraction goes to a staging dir beside the packages dir, which is then
    renamed into place. Every fr→en package already installed (same folder
    name or not: argos-train 1.0 used ``fr_en/``, the index's 1.9 uses
    ``translate-fr_en-1_9/``) is moved aside first and deleted only once the
    new one is in place, so an upgrade leaves exactly one fr→en package.
    """
    path = Path(path)
    top, metadata = _check_archive(path)
    dest_root = packages_dir()
    dest_root.mkdir(parents=True, exist_ok=True)
    root = staging_root(dest_root)
    _clean_leftovers(dest_root, root)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="new-", dir=root))
    target = dest_root / top
    moved: list[tuple[Path, Path]] = []  # (where it was, where it is now)
    replaced: list[str] = []
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise ModelError(f"{path}: cannot extract ({_one_line(err)})") from None
        _check_extracted(path, staging, top, metadata)
        old = {Path(p.package_path) for p in installed_packages(dest_root)
               if (p.from_code, p.to_code) == (FROM_CODE, TO_CODE)}
        if target.exists():
            old.add(target)
        try:
            for k, folder in enumerate(sorted(old)):
                if (folder / "metadata.json").is_file():
                    try:
                        replaced.append(describe(load_package(folder)).label)
                    except ModelError:
                        replaced.append(folder.name)
                aside = staging / f"old-{k}"
                os.rename(folder, aside)
                moved.append((folder, aside))
            os.rename(staging / top, target)
        except OSError as err:
            for was, now in reversed(moved):  # put the old packages back
                os.rename(now, was)
            moved.clear()
            raise ModelError(f"{path}: cannot install into {dest_root} ({_one_line(err)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(root)
    _forget_argos_language_cache()
    installed = describe(load_package(target))
    return InstalledModel(installed.name, installed.from_code, installed.to_code,
                          installed.version, installed.path, tuple(replaced))


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def remove(name: str, directory: Optional[Path] = None) -> list[InstalledModel]:
    """Remove installed packages matching ``name``; return what was removed.

    ``name`` is a label (``translate-fr_en-1.9``), an argospm name
    (``translate-fr_en``: every version) or a package folder name (``fr_en``).
    The folder is first renamed out of the packages dir, then deleted, so an
    interrupted removal never leaves a half-deleted package there.
    """
    dest_root = Path(directory) if directory else packages_dir()
    matches = [m for m in list_installed(dest_root)
               if name in (m.label, m.name, m.path.name)]
    if not matches:
        known = ", ".join(m.label for m in list_installed(dest_root)) or "none installed"
        raise ModelError(f"{name}: no such installed Argos package ({known})")
    root = staging_root(dest_root)
    root.mkdir(parents=True, exist_ok=True)
    for m in matches:
        aside = Path(tempfile.mkdtemp(prefix="removed-", dir=root))
        try:
            os.rename(m.path, aside / m.path.name)
        except OSError as err:
            shutil.rmtree(aside, ignore_errors=True)
            raise ModelError(f"{m.path}: cannot remove ({_one_line(err)})") from None
        shutil.rmtree(aside, ignore_errors=True)
    _remove_if_empty(root)
    _forget_argos_language_cache()
    return matches


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
    """Download the fr→en package the Argos index lists now, install it, check its version."""
    from argostranslate import networking, package as argos_package, settings

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
        except (OSError, ValueError, TypeError, AttributeError) as err:
            raise ModelError(f"{index}: unreadable Argos package index ({_one_line(err)})") from None
        wanted = [
            p for p in available
            if p.from_code == FROM_CODE and p.to_code == TO_CODE
            and (p.type or "translate") == "translate"
        ]
        if not wanted:
            raise ModelError(f"{index}: the Argos package index lists no fr→en package")
        best = max(wanted, key=lambda p: _version_key(p.package_version or ""))
        if not best.links:
            raise ModelError(f"{index}: the fr→en package {best.package_version} has no download link")
        # Not best.download(): it would reuse a stale cached file (see module doc).
        data = networking.get_from(best.links)
    if data is None:
        raise ModelError(OFFLINE_MESSAGE)
    dest_root = packages_dir()
    root = staging_root(dest_root)
    root.mkdir(parents=True, exist_ok=True)
    download_dir = Path(tempfile.mkdtemp(prefix="download-", dir=root))
    try:
        downloaded = download_dir / f"translate-fr_en-{best.package_version}.argosmodel"
        downloaded.write_bytes(data)
        _, metadata = _check_archive(downloaded)
        if str(metadata.get("package_version")) != best.package_version:
            raise ModelError(f"{best.links[0]}: the index lists fr→en {best.package_version} but "
                             f"the download is {metadata.get('package_version')}; nothing installed")
        installed = install_file(downloaded)
    finally:
        shutil.rmtree(download_dir, ignore_errors=True)
        _remove_if_empty(root)
    active = find_fr_en_package(dest_root)
    if active is None or active.package_version != best.package_version:
        found = active.package_version if active is not None else "none"
        raise ModelError(f"{dest_root}: after installing {installed.label} the fr→en package in "
                         f"use is {found}, not {best.package_version}")
    return installed
