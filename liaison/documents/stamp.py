"""Letters of one frame drawn whole once a chunk, then only where their words differ.

Within a chunk (one PDF, one set of font subsets), the letters of one kept frame
(liaison.documents.reuse) differ only in the paragraphs of their own words. The first such
letter's page is drawn whole: the frame's reference. A later letter whose changed paragraphs
each keep the top and height they had on the reference is "stamped": Qt draws only those
paragraphs, each through drawContents clipped to the paragraph (the same drawing code, so the
same text objects, byte for byte), and its page's content is then the reference page's with
those paragraphs' text objects put in place of the reference's (`splice`, done by the text
layer's repair, which already reads every page back). Drawing the unchanged paragraphs, and
Qt compressing them, was about a sixth of a letter's time: a letter takes 1.32-1.61 ms
stamped against 1.69-1.92 drawn whole, two renderers side by side.

The page a family gets is the one a whole drawing gives: the same content stream, and every
font the page uses in its resources (tests/test_stamp.py prints letters both ways and
compares every page after the repair). A page the splice cannot match (it never happened in
the tests) raises Unmatched, and the chunk is drawn again whole.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

# A text item's text objects in a page's content: where they start and end, and the item's
# index in the page's recording.
ItemSpan = tuple[int, int, int]


class Unmatched(Exception):
    """A stamped page's text objects could not be put in place of its reference's."""


@dataclass(frozen=True)
class Stamp:
    """A page drawn only where its words differ from an earlier page of the same frame."""

    reference: int  # the page of the chunk drawn whole
    blocks: tuple[int, ...]  # the paragraphs drawn here, in order
    counts: tuple[int, ...]  # text items each paragraph of this page has in the recording
    reference_counts: tuple[int, ...]  # and on the reference page


def drawn_items(stamp: Stamp) -> list[tuple[int, int]]:
    """The [start, stop) ranges of the page's recorded items that Qt drew on it."""
    firsts = [0, *accumulate(stamp.counts)]
    return [(firsts[block], firsts[block + 1]) for block in stamp.blocks]


def splice(
    reference: str,
    reference_spans: list[ItemSpan],
    drawn: str,
    drawn_spans: list[ItemSpan],
    stamp: Stamp,
) -> tuple[str, list[ItemSpan], list[int]]:
    """The stamped page's content: the reference's, with the text objects of each paragraph
    drawn on the stamped page in place of the reference's for that paragraph; where each of
    the page's items' text objects are in it; and for each of those, the reference's span it
    was (-1 for those drawn here). `drawn_spans` index the items Qt drew on the stamped page,
    in the order drawn_items gives them."""
    ours = _regions(reference_spans, stamp.reference_counts, stamp.blocks)
    theirs = _regions(drawn_spans, _drawn_counts(stamp), stamp.blocks)
    if ours.keys() != theirs.keys():
        raise Unmatched("a paragraph with text on one page and none on the other")
    # Each paragraph's first item on the reference, on this page, and among those drawn.
    was = [0, *accumulate(stamp.reference_counts)]
    now = [0, *accumulate(stamp.counts)]
    drawn_first = [0, *accumulate(_drawn_counts(stamp))]
    out: list[str] = []
    spans: list[ItemSpan] = []
    origins: list[int] = []
    length, last, taken = 0, 0, 0  # the output's length; the reference read to; its spans
    for block in sorted(ours):
        start, end = ours[block]
        if start < last:
            raise Unmatched("paragraphs out of order")
        # The reference's text objects before this paragraph, moved by what changed before.
        while taken < len(reference_spans) and reference_spans[taken][0] < start:
            a, b, item = reference_spans[taken]
            moved = now[_block(was, item)] - was[_block(was, item)]
            spans.append((a - last + length, b - last + length, item + moved))
            origins.append(taken)
            taken += 1
        length += start - last
        low, high = theirs[block]
        for a, b, item in drawn_spans:
            if low <= a < high:
                here = item - drawn_first[block] + now[block]
                spans.append((a - low + length, b - low + length, here))
                origins.append(-1)
        out += [reference[last:start], drawn[low:high]]
        length += high - low
        last = end
        while taken < len(reference_spans) and reference_spans[taken][0] < end:
            taken += 1  # the reference's own text objects of this paragraph
    for origin in range(taken, len(reference_spans)):
        a, b, item = reference_spans[origin]
        moved = now[_block(was, item)] - was[_block(was, item)]
        spans.append((a - last + length, b - last + length, item + moved))
        origins.append(origin)
    out.append(reference[last:])
    return "".join(out), spans, origins


def _block(firsts: list[int], item: int) -> int:
    """The paragraph an item is in, given each paragraph's first item (and the end)."""
    return bisect_right(firsts, item) - 1


def _drawn_counts(stamp: Stamp) -> list[int]:
    """Items per paragraph among those drawn: the stamp's blocks' own, the others none."""
    counts = [0] * len(stamp.counts)
    for block in stamp.blocks:
        counts[block] = stamp.counts[block]
    return counts


def _regions(
    spans: list[ItemSpan], counts: tuple[int, ...] | list[int], blocks: tuple[int, ...]
) -> dict[int, tuple[int, int]]:
    """For each of `blocks` with text: where its first text object starts and its last ends.
    `spans` index the items of the paragraphs with counts, in order."""
    firsts = list(accumulate(counts))
    wanted = set(blocks)
    regions: dict[int, tuple[int, int]] = {}
    for start, end, item in spans:
        block = bisect_right(firsts, item)
        if block in wanted:
            was = regions.get(block)
            regions[block] = (start, end) if was is None else (was[0], end)
    return regions
