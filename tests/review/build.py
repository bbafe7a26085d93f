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


def article(sentences: int = 40, path: str = "uudis.txt") -> Alignment:
    """A ``sentences``-sentence article and its translation, paired one to one, with five
    flags of the kinds an editor meets (a dropped and an added sentence, a figure, an
    untranslated sentence, a doubtful pair), spread over the article."""
    src_texts = [f"Lause number {k + 1} räägib linnavalitsuse otsusest." for k in range(sentences)]
    tgt_texts = [f"Sentence number {k + 1} is about the city government's decision." for k in range(sentences)]
    step = sentences // 5
    dropped, added = step, 2 * step
    src_texts[3 * step] = "Linn eraldab selleks 12 miljonit eurot, teatas linnapea 2023. aastal."
    tgt_texts[3 * step] = "The city is giving €21 million for it, the mayor said in 2023."
    src = Side("et", path, tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(src_texts)))
    tgt = Side("en", "news.txt", tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(tgt_texts)))
    beads: list[Bead] = []
    j = 0
    for i in range(sentences):
        if i == dropped:
            beads.append(Bead((i,), (), 0.9))
            continue
        if j == added:
            beads.append(Bead((), (j,), 0.9))
            j += 1
        beads.append(Bead((i,), (j,), 0.95))
        j += 1
    while j < sentences:
        beads.append(Bead((), (j,), 0.9))
        j += 1
    flags = (
        Flag("dropped", "error", (dropped,), (), f"1 source sentence ({dropped + 1}) has no translation", key="f-drop"),
        Flag("added", "error", (), (added,), f"1 target sentence ({added + 1}) has no source", key="f-add"),
        Flag(
            "number-mismatch",
            "error",
            (3 * step,),
            (3 * step,),
            "numbers differ: source has 12 million; target has 21 million",
            evidence={"source_written": ["12 miljonit"], "target_written": ["€21 million"]},
            key="f-num",
        ),
        Flag("untranslated", "error", (), (4 * step,), f"target {4 * step + 1} is in et", key="f-untr"),
        Flag("low-confidence", "warning", (1,), (1,), "unsure (score 0.40)", key="f-low"),
    )
    return Alignment(src, tgt, tuple(beads), flags, {"model_id": "fake"})
