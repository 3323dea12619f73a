"""Results as a person reads them in a terminal."""
from __future__ import annotations

from search import sources
from search.results import Hit, SearchResult, Snippet

_BOLD, _RESET = "\x1b[1;33m", "\x1b[0m"


def text(snippet: Snippet | None, tty: bool) -> str:
    """``snippet`` with its matches in bold on a terminal, between ** when
    piped (Markdown's bold): Arabic text quotes with «», so those would not
    tell a match from a quotation."""
    if snippet is None:
        return ""
    return snippet.render((lambda t: f"{_BOLD}{t}{_RESET}") if tty else (lambda t: f"**{t}**"))


def _hit(number: int, hit: Hit, tty: bool) -> list[str]:
    # Sources by the names their readers know (search.sources), as the page shows them.
    meta = " · ".join(x for x in (hit.kind, sources.name(hit.source), hit.date) if x)
    lines = ["", f"{number}. {text(hit.title_marked, tty)}  [{meta}]", f"   {text(hit.snippet, tty)}"]
    if hit.url:
        lines.append(f"   {hit.url}")
    if hit.copies:
        carried = ([f"also carried by {'، '.join(map(sources.name, hit.copies.sources))}"]
                   if hit.copies.sources else [])
        if hit.copies.same_source:
            carried.append(f"{hit.copies.same_source} more in {sources.name(hit.source)} itself")
        lines.append(f"   {'; '.join(carried) or 'carried again'} "
                     f"({hit.copies.count} more; --group {hit.copies.group} lists them)")
    return lines


def results(result: SearchResult, offset: int, tty: bool) -> list[str]:
    """The lines that show ``result``, whose first hit is number ``offset + 1``."""
    first = offset + 1
    searched = result.corrected.to if result.corrected is not None else result.query
    lines = [f"{result.total:,} results for «{searched}» ({result.took_ms:.1f} ms)"
             + (f", showing {first}–{first + len(result.hits) - 1}" if result.hits else "")]
    if result.corrected is not None:
        lines.append(f"searched instead of «{result.corrected.typed}»; --exact searches the words as typed")
    elif result.suggestion:
        lines.append(f"did you mean «{result.suggestion}»?")
    for number, hit in enumerate(result.hits, start=first):
        lines += _hit(number, hit, tty)
    return lines
