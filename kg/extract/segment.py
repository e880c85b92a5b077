"""Word boundaries: a report's text -> jieba tokens, with the lexicons as its user dictionary.

Takes text and a ``Lexicon``; gives ``Tokens``: the offsets where words start and the word
at each offset. Names use them so that a name neither starts inside a word nor begins with
a verb (签约…大学, 引进…研究院) or a list marker (``一)``). jieba ships its dictionary in its
wheel, so nothing is downloaded; one private ``jieba.Tokenizer`` per lexicon is built once
per process and shared by names and figure indicators (the global tokenizer is never touched).
Its prefix dictionary, with the lexicons' words added, and the words' tags (``word_info``,
``tag_of``) are one marshal file in the user's cache folder, never in site-packages.
"""
from __future__ import annotations

import bisect
import marshal
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .lexicon import Lexicon, indicator_words

__all__ = ["Tokens", "tokenize", "tokenizer", "is_verb", "tag_of", "word_info", "LIST_MARKER"]

# 一) 1) (一) （1） ① 1. 一、 at the start of a would-be name
LIST_MARKER = re.compile(r"^(?:[（(]?[一二三四五六七八九十0-9０-９]{1,3}[)）、.．]|[（(][一二三四五六七八九十0-9０-９]{1,3}[)）]|[①-⑳])")
# jieba tags of function words that start a clause rather than a name (its "v" tag is too
# noisy for this: 知识, 创新 and 环 are tagged v); verbs come from the lexicons instead
_FUNCTION_TAGS = frozenset({"vd", "d", "p", "c", "ad", "r", "u"})


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "kg")
    try:
        os.makedirs(path, exist_ok=True)
        return path
    except OSError:
        return tempfile.gettempdir()


class _Words:
    """What jieba's dictionary gives the extractor: the prefix dictionary its tokenizer walks
    (``freq``: every word and every prefix of a word, the lexicons' words raised to at least
    2000; ``total``), each dictionary word's part-of-speech tag (``tags``) and the dictionary
    frequency of the words the lexicons raised (``raised``)."""

    __slots__ = ("freq", "total", "tags", "raised")

    def __init__(self, freq: dict, total: int, tags: dict, raised: dict):
        self.freq, self.total, self.tags, self.raised = freq, total, tags, raised

    def info(self, word: str) -> tuple[int, str]:
        tag = self.tags.get(word)
        if tag is None:
            return (0, "")
        return (self.raised[word] if word in self.raised else self.freq.get(word, 0), tag)


_WORDS: dict[str, _Words] = {}


def _words(lex: Lexicon) -> _Words:
    """The dictionary data of ``lex``'s tokenizer, built once per installation and lexicon and
    kept in the user's cache folder as one marshal file (named after jieba's dictionary size and
    time and the lexicon's digest; marshal, not pickle: loading it runs no code). One load takes
    a fifth of the time of jieba's own cache plus a second parse for the tags."""
    got = _WORDS.get(lex.digest)
    if got is not None:
        return got
    import jieba

    src = Path(jieba.__file__).with_name("dict.txt")
    st = src.stat()
    cached = Path(_cache_dir()) / f"kg-jieba2-{st.st_size}-{st.st_mtime_ns}-{lex.digest[:16]}.marshal"
    got = None
    try:
        data = marshal.loads(cached.read_bytes())
        if isinstance(data, tuple) and len(data) == 4 and all(isinstance(d, dict) for d in data[::2]):
            got = _Words(*data)
            os.utime(cached)        # used now: the files _prune keeps are the last used
    except (OSError, ValueError, EOFError, TypeError):
        pass
    if got is None:
        got = _parse(src, lex)
        if _save(cached, marshal.dumps((got.freq, got.total, got.tags, got.raised))):
            _prune(cached)
    _WORDS[lex.digest] = got
    return got


def _parse(src: Path, lex: Lexicon) -> _Words:
    """jieba's dictionary file parsed as jieba does (``Tokenizer.gen_pfdict``), then the lexicons'
    words added as user words, each frequent enough that the whole name wins over its parts."""
    import jieba

    tags: dict[str, str] = {}
    with open(src, "rb") as f:
        freq, total = jieba.Tokenizer.gen_pfdict(f)
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = sys.intern(parts[2])
    # keyed by freq's own strings: marshal then writes each word once and refers to it the second
    # time, so the file is a fifth smaller and loads a fifth faster
    tags = {w: tag for w in freq if (tag := tags.get(w)) is not None}
    raised: dict[str, int] = {}
    for w in sorted(_user_words(lex)):
        old = freq.get(w, 0)
        new = max(old, 2000)
        if w in tags:
            raised[w] = old
        total += new     # as jieba's add_word: the total grows by the word's frequency
        freq[w] = new
        for i in range(1, len(w)):
            freq.setdefault(w[:i], 0)
    return _Words(freq, total, tags, raised)


def _save(path: Path, data: bytes) -> bool:
    """Written whole or not at all: a concurrent reader never sees half a file; a read-only cache
    folder means parsing again next time (False)."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kg-jieba-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        return False


KEEP_CACHED = 4     # dictionary files kept in the cache folder: one per lexicon (or jieba) in use


def _prune(kept: Path) -> None:
    """Remove the dictionary files no run reads any more, once ``kept`` is written: every file of
    the first layout (``kg-jieba-*``, before the tags shared the prefix dictionary's strings) and,
    of this layout's (13 MB each, one per jieba dictionary and lexicon), all but the
    ``KEEP_CACHED`` last used (a file's time is when it was written or last loaded). Another
    process may be removing the same files: a file already gone is no error."""
    try:
        files = [p for p in kept.parent.glob("kg-jieba*.marshal") if p != kept]
        current = sorted((p for p in files if p.name.startswith("kg-jieba2-")),
                         key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for p in [p for p in files if not p.name.startswith("kg-jieba2-")] + current[KEEP_CACHED - 1:]:
        try:
            p.unlink()
        except OSError:
            pass


def _default() -> _Words:
    """The data of the first tokenizer built in this process, else of the default lexicon's: the
    tags and the dictionary frequencies ``word_info`` gives are the same in every lexicon's data."""
    if _WORDS:
        return next(iter(_WORDS.values()))
    from .lexicon import load_lexicon

    return _words(load_lexicon())


def tag_of(word: str) -> str:
    """Part-of-speech tag of ``word`` in jieba's dictionary, "" when absent.

    Example:
        >>> tag_of("浙江"), tag_of("甲乙丙丁戊")
        ('ns', '')
    """
    return _default().tags.get(word, "")


def word_info(word: str) -> tuple[int, str]:
    """(frequency, tag) of ``word`` in jieba's dictionary, (0, "") when absent.

    Example:
        >>> word_info("浙江")[1], word_info("和平")[1] != "ns"
        ('ns', True)
    """
    return _default().info(word)


def is_verb(word: str, lex: Lexicon) -> bool:
    """A word that opens a clause, not a name: a lexicon verb (actions.tsv, boundaries.tsv)
    or an adverb, preposition, conjunction or pronoun in jieba's dictionary.

    Example:
        >>> from .lexicon import load_lexicon
        >>> [is_verb(w, load_lexicon()) for w in ("签约", "引进", "获批", "浙江", "大学")]
        [True, True, True, False, False]
    """
    if word in lex.actions or word in _boundary_set(lex):
        return True
    return tag_of(word) in _FUNCTION_TAGS


_BOUNDARIES: dict[str, frozenset[str]] = {}
_TOKENIZERS: dict[str, object] = {}


def _boundary_set(lex: Lexicon) -> frozenset[str]:
    s = _BOUNDARIES.get(lex.digest)
    if s is None:
        s = _BOUNDARIES[lex.digest] = frozenset(lex.boundaries)
    return s


def tokenizer(lex: Lexicon):
    """A private jieba tokenizer whose user dictionary is the lexicons' words (names, heads,
    short forms, places and bodies of the gazetteers, indicator words of figures), built once
    per lexicon and shared by names and figures."""
    tk = _TOKENIZERS.get(lex.digest)
    if tk is None:
        tk = _TOKENIZERS[lex.digest] = _build(lex)
    return tk


def _build(lex: Lexicon):
    """A jieba tokenizer over ``_words(lex)``: jieba's own cache file is never read or written."""
    import jieba

    words = _words(lex)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = words.freq, words.total
    tk.initialized = True
    return tk


def _user_words(lex: Lexicon) -> set[str]:
    words: set[str] = set()
    words.update(h for h, _, _ in lex.heads)
    words.update(w for w in lex.boundaries if len(w) >= 2)
    words.update(w for w in lex.actions if len(w) >= 2)
    words.update(lex.aliases)
    words.update(lex.laws)
    words.update(b[0] for b in lex.bodies)
    words.update(lex.departments)
    words.update(lex.places)
    words.update(lex.central)
    words.update(lex.universities)
    words.update(lex.words)
    words.update(w for ws in indicator_words().values() for w in ws)   # figures' indicators (measures.py)
    return {w for w in words if len(w) >= 2}


@dataclass(frozen=True)
class Tokens:
    """jieba's words of one text: ``starts`` sorted, ``words[start]`` the word there."""

    starts: tuple[int, ...]
    words: dict[int, str]

    def at_start(self, i: int) -> bool:
        return i in self.words

    def next_start(self, i: int) -> int:
        """The first word start at or after ``i``."""
        k = bisect.bisect_left(self.starts, i)
        return self.starts[k] if k < len(self.starts) else i

    def word_at(self, i: int) -> str:
        return self.words.get(i, "")

    def word_before(self, i: int) -> str:
        """The word that ends at ``i``, or "" when ``i`` is inside a word or no word ends there.

        Example:
            >>> t = Tokens((0, 2), {0: "展示", 2: "成果"})
            >>> t.word_before(2), t.word_before(3), t.word_before(0)
            ('展示', '', '')
        """
        k = bisect.bisect_left(self.starts, i)
        if k == 0:
            return ""
        w = self.words[self.starts[k - 1]]
        return w if self.starts[k - 1] + len(w) == i else ""


def tokenize(text: str, lex: Lexicon) -> Tokens:
    """Words of ``text`` (jieba precise mode, no HMM: unknown names stay split into
    characters, so their inside offsets remain word starts and nothing is glued on).

    Example:
        >>> from .lexicon import load_lexicon
        >>> t = tokenize("签约浙江大学共建实验室", load_lexicon())
        >>> [t.word_at(i) for i in t.starts]
        ['签约', '浙江大学', '共建', '实验室']
    """
    tk = tokenizer(lex)
    words: dict[int, str] = {}
    for w, s, _ in tk.tokenize(text, HMM=False):
        words[s] = w
    return Tokens(tuple(sorted(words)), words)
