"""Themes proposed from free text, and answers mapped to a theme framework.

A local topic model an analyst can stand behind: the answers of one question as TF-IDF vectors
(words, lowercase, plurals folded; sublinear counts; words in fewer than 3 answers or in more
than 70% of them dropped, and English stop words and the redaction words) factorised by
non-negative matrix factorisation (NMF, ``init="nndsvda"``, seeded: the same answers give the same
themes). A theme is its row of the factor matrix: the top terms and their weights, which are
also how answers are mapped to it later (:func:`assign`: cosine similarity between an answer's
TF-IDF vector and the theme's term weights, so a renamed, merged or split theme still maps).

The number of themes, when not given, is chosen from the data (:func:`choose_k`): for k = 3 to
12, NMF on a seeded sample of at most 3,000 answers, each answer given its strongest topic, and
the mean cosine silhouette of that grouping on the TF-IDF vectors. The silhouette rewards themes
whose answers resemble each other more than the next theme's, but creeps up as k grows (smaller
groups are tighter), so the choice is parsimonious: the smallest k whose silhouette is at least
90% of the best (the one-standard-error rule's idea). On the generated consultation it finds 6,
6 and 8 themes where 6, 6 and 7 were planted (``benchmarks/engagement/themes.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score, silhouette_score

from engineroom.population.consult.categories import REDACTION_KINDS

TOP_TERMS = 30
QUOTES = 5
K_RANGE = range(3, 13)
MIN_TEXTS = 30  # fewer answers than this: nothing to propose (too few to find themes in)
SAMPLE = 3_000
PARSIMONY = 0.9
MAX_DF = 0.7  # a theme of half the answers (as in a split) keeps its own words
# The redaction words ("[NHS number]") and words every answer to a consultation uses.
STOP = ENGLISH_STOP_WORDS | {
    word for words in REDACTION_KINDS.values() for word in words.strip("[]").lower().split()
}


@dataclass(frozen=True)
class Proposal:
    terms: dict[str, float]
    quotes: list[int]
    size: int


_TOKEN = re.compile(r"(?u)\b(?:\w&\w|\w\w+)\b")  # words of two letters or more, and "a&e"


def vectoriser() -> TfidfVectorizer:
    """The one vectoriser of the module: ``propose`` and ``assign`` fitted on the same question's
    answers build the same vocabulary, so theme terms and answers share one space."""
    return TfidfVectorizer(
        analyzer=analyse, min_df=3, max_df=MAX_DF, sublinear_tf=True, dtype=np.float64
    )


def analyse(text: str) -> list[str]:
    """Words: lowercase, stop words out, plurals folded ("beds" and "bed" are one term)."""
    return [_singular(w) for w in _TOKEN.findall(text.lower()) if w not in STOP]


def _singular(word: str) -> str:
    """Harman's S-stemmer (1991): -ies -> -y, -es -> -e, -s -> (nothing), except -ss and -us
    (and -aies, -eies, -aes, -ees, -oes; and -is here: "crisis"), the lightest fold of English
    plurals."""
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss", "is")):
        return word
    return word[:-1]


def propose(texts: Sequence[str], *, k: int | None = None, seed: int = 0) -> list[Proposal]:
    """Themes in ``texts`` (indices in ``quotes`` are into ``texts``), largest first; [] when
    there are too few answers with words in them."""
    index, matrix, terms = _fit(texts)
    if matrix is None:
        return []
    k = k or choose_k(matrix, seed=seed)
    k = min(k, matrix.shape[0] - 1, matrix.shape[1])
    if k < 1:
        return []
    weights, components = _nmf(matrix, k, seed)
    proposals = [_proposal(j, weights, components, terms, index) for j in range(k)]
    return sorted((p for p in proposals if p.terms), key=lambda p: (-p.size, p.quotes[:1]))


def _fit(texts: Sequence[str]):
    """(positions of the answers with text, their TF-IDF matrix, the vocabulary), or Nones."""
    index = [i for i, text in enumerate(texts) if text and text.strip()]
    if len(index) < MIN_TEXTS:
        return index, None, None
    model = vectoriser()
    try:
        matrix = model.fit_transform([texts[i] for i in index])
    except ValueError:  # nothing left once stop words and rare words are gone
        return index, None, None
    keep = np.flatnonzero(matrix.getnnz(axis=1))
    if len(keep) < MIN_TEXTS:
        return index, None, None
    return [index[i] for i in keep], matrix[keep], model.get_feature_names_out()


def _nmf(matrix, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400, tol=1e-4)
    weights = model.fit_transform(matrix)
    return weights, model.components_


def choose_k(matrix, *, seed: int = 0) -> int:
    """The fewest themes (k in 3..12) whose grouping is nearly as clear as the clearest: the
    smallest k whose silhouette reaches ``PARSIMONY`` of the best one's (:func:`silhouettes`)."""
    scores = silhouettes(matrix, seed=seed)
    if not scores:
        return K_RANGE[0]
    best = max(scores.values())
    return min(k for k, score in scores.items() if score >= PARSIMONY * best)


def silhouettes(matrix, *, seed: int = 0) -> dict[int, float]:
    """Per k, the mean cosine silhouette of the answers grouped by their strongest NMF topic, on a
    seeded sample of at most ``SAMPLE`` answers (silhouette itself on at most 1,500 of them)."""
    rng = np.random.default_rng(seed)
    rows = matrix.shape[0]
    sample = matrix[np.sort(rng.choice(rows, SAMPLE, replace=False))] if rows > SAMPLE else matrix
    scores = {}
    for k in K_RANGE:
        if k >= sample.shape[0] or k > sample.shape[1]:
            break
        labels = _nmf(sample, k, seed)[0].argmax(axis=1)
        if len(set(labels)) > 1:
            scores[k] = float(
                silhouette_score(
                    sample, labels, metric="cosine", sample_size=min(1_500, rows), random_state=seed
                )
            )
    return scores


def _proposal(j: int, weights, components, terms, index: list[int]) -> Proposal:
    row = components[j]
    top = [t for t in np.argsort(-row)[:TOP_TERMS] if row[t] > 0]
    strongest = weights.argmax(axis=1)
    mine = np.flatnonzero((strongest == j) & (weights[:, j] > 0))
    share = weights[mine, j] / weights[mine].sum(axis=1)
    best = mine[np.lexsort((-weights[mine, j], -share))][:QUOTES]
    return Proposal(
        terms={str(terms[t]): round(float(row[t]), 6) for t in top},
        quotes=[index[i] for i in best],
        size=len(mine),
    )


def split(texts: Sequence[str], *, seed: int = 0) -> list[Proposal]:
    """Two sub-themes of one theme's answers ([] if too few to split)."""
    return propose(texts, k=2, seed=seed)


def merge(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """One theme from two: each made unit length, then added, so neither outweighs the other
    because its weights happened to be larger; every term of either is kept."""
    out: dict[str, float] = {}
    for terms in (a, b):
        norm = float(np.sqrt(sum(v * v for v in terms.values()))) or 1.0
        for term, weight in terms.items():
            out[term] = out.get(term, 0.0) + weight / norm
    return {t: round(w, 6) for t, w in sorted(out.items(), key=lambda item: -item[1])}


def assign(
    texts: Sequence[str],
    themes: Sequence[dict[str, float]],
    *,
    min_score: float = 0.05,
    relative: float = 0.5,
    most: int = 3,
) -> list[list[tuple[int, float]]]:
    """Per text, the themes it is about as (theme index, score) best first: every theme scoring
    at least ``min_score`` and ``relative`` times the best, at most ``most``; [] if none."""
    out: list[list[tuple[int, float]]] = [[] for _ in texts]
    index, matrix, terms = _fit(texts) if themes else ([], None, None)
    if matrix is None:
        return out
    scores = (matrix @ _theme_matrix(themes, terms).T).toarray()
    for row, position in enumerate(index):
        order = np.argsort(-scores[row], kind="stable")[:most]
        best = scores[row, order[0]]
        out[position] = [
            (int(j), round(float(scores[row, j]), 4))
            for j in order
            if scores[row, j] >= max(min_score, relative * best)
        ]
    return out


def _theme_matrix(themes: Sequence[dict[str, float]], terms) -> sparse.csr_matrix:
    """Themes as unit-length rows over the vocabulary (terms not in it are ignored)."""
    position = {str(term): i for i, term in enumerate(terms)}
    rows, cols, values = [], [], []
    for j, theme in enumerate(themes):
        for term, weight in theme.items():
            if term in position and weight > 0:
                rows.append(j)
                cols.append(position[term])
                values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(themes), len(terms)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ matrix


def recovery(planted: Sequence[str], found: Sequence[int]) -> float:
    """Adjusted mutual information between the planted theme of each answer and the theme found
    for it (1 = the same grouping, 0 = no better than chance)."""
    return float(adjusted_mutual_info_score(list(planted), list(found)))
