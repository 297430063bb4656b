"""@name completion in the entry bar: the names already seen in the incident."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from textual.suggester import Suggester

_PARTIAL = re.compile(r"(?<![\w@])@([\w.-]*)$")
_NAME = re.compile(r"^[\w.-]*\w$")


class NameSuggester(Suggester):
    """Suggests the rest of an @name being typed at the end of the text (→ accepts it)."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        m = _PARTIAL.search(value)
        if m is None:
            return None
        typed = m[1].casefold()
        for name in sorted(self.names(), key=str.casefold):
            if _NAME.match(name) and name.casefold().startswith(typed) and len(name) > len(typed):
                return value[: m.start(1)] + name
        return None


class WholeSuggester(Suggester):
    """Suggests the rest of a whole value from `complete` (the catalog's service names: the
    declare form's service field); → accepts it. Asked at each key, so a catalog read after
    the form opened is used at once."""

    def __init__(self, complete: Callable[[str], str | None]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.complete = complete

    async def get_suggestion(self, value: str) -> str | None:
        found = self.complete(value)
        return found if found is not None and len(found) > len(value) else None
