"""CRF decoding for LAC: the exact best tag path of many sentences at once.

Viterbi in numpy pays a Python step per character position, which cost the
tagger about a third of its time.  :func:`best_paths` avoids most of those
steps with a bound: where one tag's emission beats every other by more than
any two transitions can make up, that tag is on the best path (swap it in
and the path only gets better), so those positions need no search.  Only
the short runs between such pinned positions go through :func:`viterbi_batch`.
"""
from __future__ import annotations

import numpy as np

_FORCE = np.float32(1e4)  # an emission that no transition score can overcome


def viterbi_batch(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray, keep: int = 3) -> np.ndarray:
    """Best tag paths for a padded batch ``(B, T, K)``; positions past a length are garbage.

    One numpy step per time position for the whole batch instead of one per
    sentence: sequences that have ended carry their score forward unchanged
    and point back to themselves, so backtracking from ``T-1`` is valid for
    every row.

    LAC's transition scores span well under one unit while emissions differ
    by several, so only the few best previous tags can win.  Each step looks
    at the ``keep`` best only, and proves it: when the next-best previous
    score trails the best by more than the whole spread of the transition
    matrix, nothing left out can win; rows where that does not hold are
    computed in full.  The result is the exact Viterbi path, a few times
    faster than the full ``K x K`` step.
    """
    b, t_max, k = emissions.shape
    spread = float(transitions.max() - transitions.min())
    score = emissions[:, 0, :].astype(np.float32)
    back = np.empty((t_max, b, k), dtype=np.intp)
    ident = np.broadcast_to(np.arange(k), (b, k))
    back[0] = ident
    rows = np.arange(b)[:, None]
    keep = min(keep, k - 1)
    for t in range(1, t_max):
        part = np.argpartition(-score, keep, axis=1)
        top = part[:, :keep]
        vals = score[rows, top]
        cand = vals[:, :, None] + transitions[top]  # (B, keep, K)
        best = top[rows, cand.argmax(axis=1)]
        new = cand.max(axis=1)
        unsure = vals.max(axis=1) - score[rows[:, 0], part[:, keep]] <= spread
        if unsure.any():
            full = score[unsure][:, :, None] + transitions[None]
            best[unsure] = full.argmax(axis=1)
            new[unsure] = full.max(axis=1)
        new += emissions[:, t, :]
        alive = (t < lengths)[:, None]
        score = np.where(alive, new, score)
        back[t] = np.where(alive, best, ident)
    path = np.empty((b, t_max), dtype=np.intp)
    cur = score.argmax(axis=1)
    path[:, -1] = cur
    r = rows[:, 0]
    for t in range(t_max - 1, 0, -1):
        cur = back[t, r, cur]
        path[:, t - 1] = cur
    return path


def best_paths(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The same paths as :func:`viterbi_batch`, searching only where the emissions leave doubt.

    Position ``t`` is pinned to its best-scoring tag when that tag leads the
    runner-up by more than the largest gain a change of tag can bring through
    the transition into ``t`` (a row's spread) plus the one out of it (a
    column's spread).  Each maximal run of unpinned positions is decoded with
    its pinned neighbours as fixed ends; a run at a sentence's start gets a
    neutral virtual tag instead, so no start score is invented.
    """
    b, t_max, k = emissions.shape
    best = emissions.argmax(axis=2)
    top2 = -np.partition(-emissions, 1, axis=2)[:, :, :2]
    bound = float((transitions.max(1) - transitions.min(1)).max() + (transitions.max(0) - transitions.min(0)).max())
    valid = np.arange(t_max)[None, :] < lengths[:, None]
    loose = (top2[:, :, 0] - top2[:, :, 1] <= bound) & valid
    if not loose.any():
        return best
    # runs of loose positions: a pinned column after every row keeps runs inside their row
    flat = np.concatenate([loose, np.zeros((b, 1), dtype=bool)], axis=1).ravel()
    edges = np.diff(np.concatenate(([0], flat.view(np.int8))))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    rows, first = np.divmod(starts, t_max + 1)
    last = ends - rows * (t_max + 1)
    runs = last - first
    order = np.argsort(runs, kind="stable")
    ext = np.zeros((k + 1, k + 1), dtype=np.float32)
    ext[:k, :k] = transitions
    for lo in range(0, len(order), 256):
        idx = order[lo : lo + 256]
        n = len(idx)
        r, a, e = rows[idx], first[idx], last[idx]
        width = int(runs[idx].max()) + 2
        em = np.full((n, width, k + 1), -_FORCE, dtype=np.float32)
        # left end: the pinned tag before the run, or the virtual tag k at a sentence start
        left = np.where(a > 0, best[r, np.maximum(a - 1, 0)], k)
        em[np.arange(n), 0, left] = 0
        steps = np.arange(width - 2)
        inside = steps[None, :] < (e - a)[:, None]
        src_t = np.minimum(a[:, None] + steps[None, :], t_max - 1)
        em[:, 1:-1, :k] = np.where(inside[:, :, None], emissions[r[:, None], src_t], -_FORCE)
        # right end: the pinned tag after the run, when the sentence goes on
        has_right = e < lengths[r]
        em[np.arange(n), e - a + 1, np.where(has_right, best[r, np.minimum(e, t_max - 1)], k)] = 0
        seq = np.where(has_right, e - a + 2, e - a + 1)
        path = viterbi_batch(em, seq, ext)
        best[np.broadcast_to(r[:, None], inside.shape)[inside], src_t[inside]] = path[:, 1:-1][inside]
    return best
