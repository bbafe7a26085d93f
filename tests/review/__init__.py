"""Tests of aligner/review/."""

from __future__ import annotations
