"""The checks' thresholds and the ranges they are held to (aligner/flags/config.py)."""

from __future__ import annotations

import dataclasses
import inspect
import math
import re

import pytest

from aligner.flags.config import FlagConfig

NUMBERS = [f.name for f in dataclasses.fields(FlagConfig) if isinstance(f.default, int | float)]
SHARES = ["low_confidence", "untranslated_probability", "copy_similarity"]
"""Probabilities and similarities: at most 1."""


def test_every_field_but_the_patterns_is_a_threshold_and_the_default_shares_are_at_most_one() -> None:
    assert set(NUMBERS) == {f.name for f in dataclasses.fields(FlagConfig)} - {"boilerplate"}
    assert set(SHARES) <= set(NUMBERS)
    assert all(0 <= getattr(FlagConfig(), name) <= 1 for name in SHARES)


@pytest.mark.parametrize("name", NUMBERS)
def test_a_negative_threshold_is_refused_by_name(name: str) -> None:
    low = -1 if isinstance(getattr(FlagConfig(), name), int) else -0.25
    with pytest.raises(ValueError, match=rf"^{name} must be (at least 0|between 0 and 1), not {low}$"):
        FlagConfig(**{name: low})


@pytest.mark.parametrize("name", SHARES)
def test_a_share_above_one_is_refused_and_its_bounds_are_allowed(name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must be between 0 and 1, not 1\.01$"):
        FlagConfig(**{name: 1.01})
    assert getattr(FlagConfig(**{name: 1.0}), name) == 1.0
    assert getattr(FlagConfig(**{name: 0.0}), name) == 0.0


@pytest.mark.parametrize("name", sorted(set(NUMBERS) - set(SHARES)))
def test_a_threshold_that_is_no_share_may_exceed_one(name: str) -> None:
    """A length share (a translation half again as long), a rank, a letter count: above 1 is a setting."""
    value = 1.5 if isinstance(getattr(FlagConfig(), name), float) else 40
    assert getattr(FlagConfig(**{name: value}), name) == value


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_threshold_that_is_no_finite_number_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match=rf"^partial_gap must be a finite number, not {value}$"):
        FlagConfig(partial_gap=value)


def test_a_changed_copy_is_checked_as_a_new_one() -> None:
    """``Settings`` changes a config with ``replace``: it must not slip past the ranges."""
    cfg = FlagConfig(boilerplate=("^Loe ka:",))
    with pytest.raises(ValueError, match="copy_similarity must be between 0 and 1, not 2"):
        dataclasses.replace(cfg, copy_similarity=2)
    assert dataclasses.replace(cfg, low_confidence=0.25) == FlagConfig(low_confidence=0.25, boilerplate=("^Loe ka:",))


def test_a_config_is_frozen_and_boilerplate_is_not_a_number_to_check() -> None:
    cfg = FlagConfig(boilerplate=(r"^Follow ERR News", r"^Loe ka:"))
    assert cfg.boilerplate == (r"^Follow ERR News", r"^Loe ka:") and FlagConfig().boilerplate == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.low_confidence = 0.1  # type: ignore[misc]
    assert hash(cfg) == hash(FlagConfig(boilerplate=(r"^Follow ERR News", r"^Loe ka:")))


def test_every_threshold_says_why_it_has_its_value() -> None:
    """The module's promise: a docstring under each field (the reason, the measurement)."""
    source = inspect.getsource(FlagConfig)
    for f in dataclasses.fields(FlagConfig):
        assert re.search(rf"\n    {f.name}: .+\n    \"\"\"\S", source), f.name


@pytest.mark.parametrize("boilerplate", ["^Loe ka:", ("(",), (3,)])
def test_boilerplate_must_be_patterns_that_compile(boilerplate: object) -> None:
    """A bare string would become one pattern per character ("^" matches every text)."""
    with pytest.raises(ValueError, match="boilerplate"):
        FlagConfig(boilerplate=boilerplate)  # type: ignore[arg-type]
