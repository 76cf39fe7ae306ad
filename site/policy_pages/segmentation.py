"""Chinese word segmentation for search, in one place for the index side and the query side.

Wagtail's database search backend splits text on whitespace and punctuation, so a run of Chinese
text becomes one token and 探访 inside a sentence is never found. We index every CJK character
(unigram) and every pair of adjacent characters (bigram), and turn a query into its bigrams
searched with AND: a page matches 月探访率 when it holds 月探, 探访 and 访率. A one-character
query matches the unigram. Latin letters and digits pass through as lower-case words.
"""

import re
import unicodedata

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_CJK}]+)|([a-z0-9]+)")


def _runs(text):
    """Yield (is_cjk, run) for each run of CJK characters or of Latin letters and digits."""
    normalized = unicodedata.normalize("NFKC", text or "").lower()
    for match in _RUN.finditer(normalized):
        cjk, word = match.groups()
        yield (True, cjk) if cjk else (False, word)


def _bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def segment_for_index(text):
    """The text as space-separated unigrams, bigrams and Latin/digit words, ready for the index."""
    tokens = []
    for is_cjk, run in _runs(text):
        if is_cjk:
            tokens.extend(run)
            tokens.extend(_bigrams(run))
        else:
            tokens.append(run)
    return " ".join(tokens)


def segment_query(text):
    """The terms a query must all match: bigrams of each CJK run (a single character alone)."""
    terms = []
    for is_cjk, run in _runs(text):
        if is_cjk and len(run) > 1:
            terms.extend(_bigrams(run))
        else:
            terms.append(run)
    return list(dict.fromkeys(terms))


def query_phrases(text):
    """The runs of a query as typed, to highlight in excerpts (e.g. ``月探访率``)."""
    return [run for _, run in _runs(text)]
