"""The search page, the document page and related articles, rendered on the server.

Everything works without JavaScript; static/suggest.js only adds
completions to the search box. Templates escape everything they are given;
snippets go through the ``marked`` filter, which escapes their text and
adds our own <mark> tags.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from markupsafe import Markup

from search.deadline import QueryTimeout
from search.hits import display_title
from search.query.request import PARAMETERS, RequestError, parse_request, parse_similar
from search.results import Snippet
from web import arabic, engine
from web.errors import RETRY_AFTER_SECONDS, log_timeout, timeout_message
from web.paging import last_page

bp = Blueprint("pages", __name__)

# The parameters the page passes on from one request to the next.
FORM_FIELDS = ("q", "kind", "source", "from", "to", "sort", "per_page", "collapse", "group", "exact")
# The search a reader came from, as a document's and a related page's links
# carry it: those pages lead back to its results.
CAME_FROM = (*FORM_FIELDS, "page")
# Page numbers shown on each side of the current one.
_PAGE_WINDOW = 2


@bp.app_context_processor
def labels() -> dict[str, Mapping[str, str]]:
    """The form's labels: the names error messages give the parameters."""
    return {"labels": PARAMETERS}


@bp.app_template_global()
def search_url(args: Mapping[str, str], **changes: Any) -> str:
    """The search page for ``args`` with ``changes``; empty values left out."""
    merged = {**args, **changes}
    return url_for("pages.search", **{k: v for k, v in merged.items() if v not in (None, "")})


def _given(names: tuple[str, ...]) -> dict[str, str]:
    """The parameters ``names`` of this request, "" when absent."""
    # NUL is no character of a query (search.query.request drops it too), nor of HTML.
    return {name: (request.args.get(name) or "").replace("\x00", " ").strip() for name in names}


def _came_from(search: Mapping[str, str]) -> dict[str, str]:
    """The non-empty parameters of ``search``, or none without a query."""
    return {name: value for name, value in search.items() if value} if search.get("q") else {}


def page_numbers(page: int, per_page: int, total: int) -> list[int | None]:
    """The pages to link to: first, last and a window round ``page``; None for a gap."""
    last = last_page(per_page, total)
    shown = {1, last, *range(max(1, page - _PAGE_WINDOW), min(last, page + _PAGE_WINDOW) + 1)}
    numbers: list[int | None] = []
    for n in sorted(shown):
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


@bp.get("/")
@bp.get("/search")
def search() -> tuple[str, int] | tuple[str, int, dict[str, str]]:
    form = _given(FORM_FIELDS)
    if not form["q"]:
        return render_template("search.html", form=form, index=engine().info()), 200
    try:
        req = parse_request(request.args)
    except RequestError as error:
        return render_template("search.html", form=form, error=error.for_readers), 400
    # Filters typed in the query show in the filter menus too.
    form["kind"], form["source"] = req.kind or "", req.source or ""
    try:
        result = engine().search(req)
    except QueryTimeout as stopped:  # the form stays, so the query can be narrowed
        log_timeout(stopped)
        return (render_template("search.html", form=form, error=timeout_message(stopped).arabic), 503,
                {"Retry-After": str(RETRY_AFTER_SECONDS)})
    pages = page_numbers(req.page, req.per_page, result.total)
    came_from = _came_from({**form, "page": str(req.page) if req.page > 1 else ""})
    return render_template("search.html", form=form, result=result, offset=req.offset, pages=pages,
                           came_from=came_from), 200


@bp.get("/help")
def help_page() -> str:
    return render_template("help.html")


@bp.app_template_global()
def document_url(doc_id: str, **args: Any) -> str:
    """The document page of ``doc_id``: its id in the path, unless a browser
    would rewrite that path. Browsers resolve "." and ".." segments, even
    percent-encoded ones (the URL standard), so "a/../b" would become "b":
    such an id goes in the query instead."""
    if any(segment in (".", "..") for segment in doc_id.split("/")):
        return url_for("pages.document_by_query", id=doc_id, **args)
    return url_for("pages.document", doc_id=doc_id, **args)


@bp.get("/documents")  # ?id=…: the form document_url gives an id whose path would be rewritten
def document_by_query() -> str:
    return document(request.args.get("id") or "")


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str) -> str:
    found = engine().document(doc_id)
    if found is None:
        abort(404)
    paragraphs = [p for p in (found.get("body") or "").split("\n") if p.strip()]
    return render_template("document.html", doc=found, title=display_title(found), paragraphs=paragraphs,
                           came_from=_came_from(_given(CAME_FROM)))


@bp.get("/related")
def related() -> str:
    came_from = _came_from(_given(CAME_FROM))
    # The page shows the first page of related articles: its page and
    # per_page are those of the search it leads back to, whose words it marks.
    found = engine().similar(parse_similar({"id": request.args.get("id"), "q": came_from.get("q")}))
    if found is None:
        abort(404)
    return render_template("related.html", result=found, came_from=came_from)


@bp.app_template_filter("marked")
def marked(snippet: Snippet | None) -> Markup:
    """A snippet as HTML: its text escaped, its matches in <mark>."""
    return Markup(snippet.to_html()) if snippet is not None else Markup("")


def _register_filters() -> None:
    for name in ("digits", "number", "day", "results", "seconds", "source", "kind", "link", "also_carried"):
        bp.add_app_template_filter(getattr(arabic, name), f"ar_{name}")


_register_filters()
