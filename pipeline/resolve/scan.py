"""Many regular expressions over one text, in one scan."""

from __future__ import annotations

import re
from collections.abc import Iterator


class PatternSet:
    """`finditer(text)` gives, pattern by pattern, the matches each one's own `finditer` would give.

    A pattern that rarely matches still costs a scan of the whole text, nearly all
    of it spent trying each position. The set scans once for the positions where
    any of its patterns matches, then tries each pattern there only. Its patterns
    share their flags, hold no named group (they are joined into one expression)
    and never match empty text.
    """

    def __init__(self, patterns: list[re.Pattern]):
        flags = {p.flags for p in patterns}
        if len(flags) > 1:
            raise ValueError(f"a PatternSet's patterns share their flags, got {sorted(flags)}")
        self.patterns = patterns
        joined = "|".join(f"(?:{p.pattern})" for p in patterns)
        self.anywhere = re.compile(f"(?={joined})", flags.pop()) if patterns else None

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match]]:
        """(index of the pattern, match), by pattern then by position."""
        if self.anywhere is None:
            return
        starts = [m.start() for m in self.anywhere.finditer(text)]
        for index, pattern in enumerate(self.patterns):
            resume = 0
            for pos in starts:
                if pos >= resume and (m := pattern.match(text, pos)) and m.end() > m.start():
                    resume = m.end()
                    yield index, m
