"""The bundled multilingual-e5-small."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.embed import load_embedder


@pytest.mark.slow
def test_bundled_e5_embeds_estonian_and_english_close() -> None:
    e5 = load_embedder("e5-small")
    v = e5.embed(["Valitsus kinnitas eelarve.", "The government approved the budget.", "The weather is sunny today."])
    assert v.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.05  # e5 cosines are compressed: unrelated pairs score ~0.75
    assert "multilingual-e5-small" in e5.model_id


@pytest.mark.slow
def test_the_bundled_model_reads_at_most_its_tokens_of_a_unit() -> None:
    model = load_embedder("e5-small")
    short = "Valitsus kinnitas eelarve."
    assert model.clip(short) == short
    line = "Tallinna linnavalitsus kinnitas kolmapäeval uue trammiliini. " * 35_000  # ~2 MB
    clipped = model.clip(line)
    assert line.startswith(clipped) and 1000 < len(clipped) < 4000
    assert model._model.token_count(clipped) <= model.max_tokens  # type: ignore[attr-defined]
