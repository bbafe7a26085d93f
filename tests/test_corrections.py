"""A person's corrections of the alignment, and aligning again around them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.alignfile import dumps, from_json, load, to_json
from aligner.corrections import check, link, merge, split, unlink
from aligner.errors import UsageError
from aligner.model import Alignment, Bead, Sentence, Side
from aligner.pipeline import align_files, realign
from tests.conftest import EXAMPLE, FakeEmbedder


def sample(n_src: int = 4, n_tgt: int = 4) -> Alignment:
    src = Side("et", "a.txt", tuple(Sentence(k, f"Lause {k}.", 0, 8, 0) for k in range(n_src)))
    tgt = Side("en", "b.txt", tuple(Sentence(k, f"Sentence {k}.", 0, 11, 0) for k in range(n_tgt)))
    return Alignment(src, tgt, tuple(Bead((k,), (k,), 0.9) for k in range(min(n_src, n_tgt))))


def test_each_operation_makes_fixed_beads_and_records_itself() -> None:
    merged = merge(sample(), 1, "mari", at="2026-12-01T10:00:00Z")
    assert [b.notation for b in merged.beads] == ["[0]:[0]", "[1, 2]:[1, 2]", "[3]:[3]"]
    assert merged.beads[1].fixed and merged.beads[1].score == 1.0 and not merged.beads[0].fixed
    (correction,) = merged.corrections
    assert (correction.op, correction.src, correction.tgt, correction.reviewer) == ("merge", (1, 2), (1, 2), "mari")
    parted = split(merged, 1, 1, 2, "mari")
    assert [b.notation for b in parted.beads] == ["[0]:[0]", "[1]:[1, 2]", "[2]:[]", "[3]:[3]"]
    loose = unlink(sample(), 2, "mari")
    assert [b.notation for b in loose.beads] == ["[0]:[0]", "[1]:[1]", "[2]:[]", "[]:[2]", "[3]:[3]"]
    joined = link(loose, (2,), (2,), "jaan")
    assert [b.notation for b in joined.beads] == [b.notation for b in sample().beads]
    assert [c.op for c in joined.corrections] == ["unlink", "link"] and joined.corrections[1].reviewer == "jaan"
    run = merge(sample(), 0, "mari", through=2)  # a run of rows in one step: one correction
    assert [b.notation for b in run.beads] == ["[0, 1, 2]:[0, 1, 2]", "[3]:[3]"] and len(run.corrections) == 1
    checked = check(sample(), 0, "mari")
    assert checked.beads[0].fixed and checked.corrections[0].op == "check"


@pytest.mark.parametrize(
    ("operation", "problem"),
    [
        (lambda a: merge(a, 3, "x"), "there is no row 5"),
        (lambda a: merge(a, 2, "x", through=2), "a merge needs at least two rows: row 3 through row 3"),
        (lambda a: split(a, 0, 1, 1, "x"), "leaves one part with no sentence"),
        (lambda a: split(a, 0, 2, 0, "x"), "cannot be split after 2 source"),
        (lambda a: link(a, (0,), (0,), "x"), r"row 1 \(source 1 = target 1\) is a pair: unlink it first"),
        (lambda a: link(unlink(unlink(a, 3, "x"), 0, "x"), (0,), (3,), "x"), "other sentences stand between"),
        (lambda a: link(a, (), (1,), "x"), "needs at least one source and one target"),
    ],
)
def test_an_impossible_correction_says_why(operation, problem: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=problem):
        operation(sample())


def test_corrections_are_kept_in_the_alignment_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    corrected = unlink(merge(sample(), 0, "mari", at="2026-12-01T10:00:00Z"), 2, "jaan", at="2026-12-01T10:01:00Z")
    path = tmp_path / "a.json"
    path.write_text(dumps(corrected), encoding="utf-8")
    assert load(str(path)) == corrected
    assert "corrections" not in to_json(sample())  # an alignment nobody corrected reads as before


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["merge", "split", "unlink", "link", "check"]), st.integers(0, 30), st.integers(0, 3)),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), OPERATIONS)
def test_any_sequence_of_corrections_keeps_every_sentence_in_one_bead_in_order(
    n_src: int, n_tgt: int, operations: list[tuple[str, int, int]]
) -> None:
    alignment = sample(n_src, n_tgt)
    extra = tuple(Bead((k,), (), 0.5) for k in range(n_tgt, n_src)) + tuple(
        Bead((), (k,), 0.5) for k in range(n_src, n_tgt)
    )
    alignment = Alignment(alignment.source, alignment.target, alignment.beads + extra)
    for op, k, cut in operations:
        k %= len(alignment.beads)
        bead = alignment.beads[k]
        try:
            if op == "merge":
                alignment = merge(alignment, k, "p")
            elif op == "split":
                alignment = split(alignment, k, min(cut, len(bead.src)), min(cut, len(bead.tgt)), "p")
            elif op == "unlink":
                alignment = unlink(alignment, k, "p")
            elif op == "check":
                alignment = check(alignment, k, "p")
            else:
                dropped = [b.src[0] for b in alignment.beads if b.src and not b.tgt]
                added = [b.tgt[0] for b in alignment.beads if b.tgt and not b.src]
                if dropped and added:
                    alignment = link(alignment, (dropped[cut % len(dropped)],), (added[k % len(added)],), "p")
        except UsageError:
            continue
        from_json(to_json(alignment))  # raises unless every sentence is in exactly one bead, in order


def test_aligning_again_keeps_the_fixed_beads_and_aligns_the_rest() -> None:
    fake = FakeEmbedder()
    corrected = unlink(sample(5, 5), 2, "mari")
    corrected = merge(corrected, 0, "mari")
    again = realign(corrected, embedder=fake)
    fixed = [b for b in corrected.beads if b.fixed]
    assert [b for b in again.beads if b.fixed] == fixed
    assert again.corrections == corrected.corrections
    from_json(to_json(again))


@pytest.mark.slow
def test_realigning_the_example_around_an_unlinked_pair_changes_nothing_else() -> None:
    original = align_files(str(EXAMPLE / "source.et.txt"), str(EXAMPLE / "translation.en.txt"))
    k = next(k for k, b in enumerate(original.beads) if b.kind == "2-1")
    corrected = unlink(original, k, "mari")
    again = realign(corrected)
    assert [b.notation for b in again.beads[k : k + 3]] == ["[4]:[]", "[5]:[]", "[]:[4]"]
    assert all(b.fixed for b in again.beads[k : k + 3])
    before = [b.notation for b in original.beads[:k]] + [b.notation for b in original.beads[k + 1 :]]
    after = [b.notation for b in again.beads[:k]] + [b.notation for b in again.beads[k + 3 :]]
    assert after == before
    # the checks ran again: the unlinked sentences are found to reappear as the target beside them
    assert any(f.type == "moved" and f.src == (4, 5) and f.tgt == (4,) for f in again.flags)


@pytest.mark.slow
def test_aligning_an_edited_text_keeps_the_corrected_pairs_whose_sentences_did_not_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source, translation = str(EXAMPLE / "source.et.txt"), str(EXAMPLE / "translation.en.txt")
    original = align_files(source, translation)
    k = next(k for k, b in enumerate(original.beads) if b.kind == "2-1")
    corrected = unlink(original, k, "mari", at="2026-12-01T10:00:00Z")
    edited = tmp_path / "translation.en.txt"
    text = (EXAMPLE / "translation.en.txt").read_text(encoding="utf-8")
    edited.write_text(
        text.replace("Trump can pressure Russia if he wants to.", "Trump could press Russia."), encoding="utf-8"
    )
    again = align_files(source, str(edited), previous=corrected)
    kept = [b for b in again.beads if b.fixed]
    assert [b.notation for b in kept] == ["[4]:[]", "[5]:[]", "[]:[4]"]
    assert again.corrections == corrected.corrections
    # a corrected pair whose sentence changed is not kept: the aligner pairs it afresh
    edited.write_text(
        text.replace("The head of the alliance was speaking", "The alliance's head spoke"), encoding="utf-8"
    )
    gone = align_files(source, str(edited), previous=corrected)
    assert not any(b.fixed and b.tgt == (4,) for b in gone.beads)


def test_aligning_again_for_the_server_reads_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import aligner.pipeline

    def no_reading(path: str) -> str:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(aligner.pipeline, "read_text", no_reading)
    again = realign(merge(sample(), 0, "mari"), embedder=FakeEmbedder(), read_originals=False)
    assert again.beads[0].fixed
