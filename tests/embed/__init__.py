"""Tests of aligner/embed/."""

from __future__ import annotations
