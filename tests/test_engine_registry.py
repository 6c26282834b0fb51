"""The engine registry: names, each engine's own options, and the auto choice's messages."""
from __future__ import annotations

import pytest

from pipeline.engines import registry
from pipeline.engines.registry import make_engine
from pipeline.errors import UsageError

from .conftest import FakeEngine


@pytest.fixture
def fake_entry(register_fake):
    """FakeEngine registered as "fake": its options are its constructor's (version, max_chars…)."""
    return register_fake("fake")


def test_a_registered_engine_is_built_with_its_own_options(fake_entry):
    engine = make_engine("fake", version="7", max_chars=40)
    assert isinstance(engine, FakeEngine)
    assert (engine.version, engine.max_chars) == ("7", 40)
    assert "fake" in registry.engine_names() and registry.engine_names()[0] == "auto"


def test_workers_goes_to_the_engines_own_option(fake_entry):
    assert make_engine("fake", workers=3).workers == 3
    assert make_engine("fake").workers == 0  # 0 = the engine's default


def test_options_are_read_from_the_constructor():
    argos = registry.ENGINES["argos"].options()
    assert argos["beam_size"] == 4 and argos["intra_threads"] == 0 and "package_dir" in argos
    assert "beam_size" not in registry.ENGINES["apertium"].options()


def test_another_engines_option_is_dropped_and_warned_only_when_changed(fake_entry):
    warnings: list[str] = []
    # The CLI passes argos's options whatever the engine: at their defaults, silence.
    engine = make_engine("fake", warn=warnings.append, beam_size=4, compute_type="auto", intra_threads=0)
    assert isinstance(engine, FakeEngine) and warnings == []
    make_engine("fake", warn=warnings.append, beam_size=8)
    assert warnings == ["beam-size is an option of argos; fake ignores it"]


def test_an_option_of_no_engine_and_an_unknown_engine_are_usage_errors(fake_entry):
    with pytest.raises(UsageError, match="'beam' is not an option of any engine"):
        make_engine("fake", beam=4)
    with pytest.raises(UsageError, match="unknown engine 'deepl'; choose one of: auto, argos, apertium, fake"):
        make_engine("deepl")


def test_under_auto_another_engines_option_is_dropped_silently(fake_entry, monkeypatch):
    # auto chose the engine, not the user: an argos option for it is no mistake of theirs.
    monkeypatch.setattr(registry, "_auto", lambda warn: ("fake", None))
    warnings: list[str] = []
    assert isinstance(make_engine("auto", warn=warnings.append, beam_size=8), FakeEngine)
    assert warnings == []


def test_takes_option_follows_the_engine_or_any_under_auto(fake_entry):
    assert registry.takes_option("argos", "intra_threads")
    assert not registry.takes_option("apertium", "intra_threads")
    assert registry.takes_option("auto", "intra_threads") and registry.takes_option("auto", "max_chars")
    assert not registry.takes_option("deepl", "intra_threads")
