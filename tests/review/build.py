"""A small alignment with one flag of each severity, for the reports and decisions."""

from __future__ import annotations

from aligner.model import Alignment, Bead, Flag, Sentence, Side

EVIL_SCRIPT = "<script>document.body.setAttribute('data-pwned', '1')</script>"
EVIL_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned', '2')\">"


def sample(src_texts: list[str] | None = None, path: str = "a.txt") -> Alignment:
    src_texts = src_texts or ["Üks lause.", "Teine lause.", "Kolmas."]
    tgt_texts = ["One sentence.", "Another sentence.", "Follow us!"]
    src = Side("et", path, tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(src_texts)))
    tgt = Side("en", "b.txt", tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(tgt_texts)))
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.4), Bead((2,), (), 0.8), Bead((), (2,), 0.7))
    flags = (
        Flag("low-confidence", "warning", (1,), (1,), "unsure (score 0.40)", key="k-low"),
        Flag("dropped", "error", (2,), (), "1 source sentence (2) has no translation", key="k-drop"),
        Flag("added", "error", (), (2,), "1 target sentence (2) has no source", key="k-add"),
    )
    return Alignment(src, tgt, beads, flags, {"model_id": "fake"})
