"""Word lists as one trie pattern (kg/wordsrx.py) and the lexicon lookups made fast with it:
they must find exactly what the plain forms they replace found."""
from __future__ import annotations

import random
import re

import pytest

from kg.extract.lexicon import load_lexicon
from kg.gazetteer import load_gazetteer
from kg.wordsrx import longest_word_pattern


def _plain(words: list[str]) -> re.Pattern[str]:
    """The alternation the trie replaces: every word escaped, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _texts(words: list[str], rng: random.Random, n: int = 200) -> list[str]:
    """Texts of words, their prefixes and other characters run together, where matches overlap."""
    filler = "的和在区市县局委会中心园科技。，、"
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            w = rng.choice(words)
            parts.append(rng.choice([w, w[:rng.randint(1, len(w))], w[rng.randint(0, len(w) - 1):],
                                     rng.choice(filler)]))
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trie_pattern_matches_what_the_sorted_alternation_matches(seed):
    rng = random.Random(seed)
    alphabet = "甲乙丙丁ab."
    words = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(60)})
    trie, plain = re.compile(longest_word_pattern(words)), _plain(words)
    for text in _texts(words, rng):
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        # inside a larger pattern too: a fullmatch must be able to back off to a shorter word
        assert bool(re.fullmatch(f"(?:{trie.pattern})乙", text)) == bool(re.fullmatch(f"(?:{plain.pattern})乙", text))


def test_gazetteer_pattern_is_the_trie_of_its_forms_and_finds_the_same_places():
    gaz = load_gazetteer()
    if gaz.pattern is None:
        pytest.skip("no gazetteer")
    rng = random.Random(7)
    forms = sorted(k for k, full in gaz.written.items() if k == full and len(k) >= 3)   # the full names it reads
    sample = rng.sample(forms, min(400, len(forms)))
    plain = _plain(forms)
    for text in _texts(sample, rng, 100):
        assert [m.group(0) for m in gaz.pattern.finditer(text)] == [m.group(0) for m in plain.finditer(text)]


def test_head_of_is_the_first_head_in_the_lexicons_order_that_ends_the_name():
    lex = load_lexicon()
    rng = random.Random(11)
    heads = [h[0] for h in lex.heads]
    names = [rng.choice("甲乙丙丁某") * rng.randint(0, 3) + rng.choice(heads)[rng.randint(0, 2):] for _ in range(2000)]
    for name in names + heads + ["", "某", "中心城区"]:
        assert lex.head_of(name) == next((h for h in lex.heads if name.endswith(h[0])), None), name
