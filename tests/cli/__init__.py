"""Tests of aligner/cli/."""

from __future__ import annotations
