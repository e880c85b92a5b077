"""Words -> one regular expression that matches, at each position, the longest of them.

Takes a collection of literal words (gazetteer forms, lexicon heads, department names); gives
the source of a pattern that matches what their alternation sorted longest first matches
(``"|".join(sorted(words, key=len, reverse=True))``, escaped), written as a trie: ``(?:甲(?:乙丙|丁))``
instead of one branch per word. Python's ``re`` tries an alternation's branches one after the
other at every position, so a list of thousands of names cost milliseconds per report; the
trie decides on each character once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["longest_word_pattern"]


def longest_word_pattern(words: Iterable[str]) -> str:
    """The trie pattern of ``words`` (empty words ignored; no group of its own).

    Example:
        >>> rx = re.compile(longest_word_pattern(["科技局", "科技", "科学技术局", "局"]))
        >>> [m.group(0) for m in rx.finditer("区科技局和科技园，科学技术局")]
        ['科技局', '科技', '科学技术局']
        >>> longest_word_pattern(["ab", "abc", "b"])
        '(?:ab(?:c)?|b)'
    """
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict) -> str:
    parts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body    # greedy: the longer word is tried first
