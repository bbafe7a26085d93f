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
