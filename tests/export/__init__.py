"""Tests of aligner/export/."""

from __future__ import annotations
