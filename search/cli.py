"""The ``bahth`` command: build and query the index, and start the server."""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from search import build as building
from search.config import index_path
from search.engine import Engine
from search.progress import ProgressBar
from search.request import RequestError, parse_request
from search.sources import InputError
from search.store import StoreError

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _terminal_text(fragment: str, tty: bool) -> str:
    """Our snippet HTML as terminal text: marks in bold (or «» when piped)."""
    marked = _MARK.sub(r"\x1b[1;33m\1\x1b[0m" if tty else r"«\1»", fragment)
    return html.unescape(marked)


def _print_summary(summary: building.Summary, as_json: bool, verb: str) -> None:
    if as_json:
        _print_json(summary.to_dict())
        return
    print(
        f"{verb} generation {summary.generation}: {summary.documents:,} documents "
        f"({summary.articles:,} articles, {summary.teasers:,} teasers) in {summary.seconds:.1f} s; "
        f"{summary.teasers_merged_into_articles:,} teasers merged into articles, "
        f"{summary.duplicates:,} duplicates, {summary.skipped:,} inputs skipped"
    )
    for problem in summary.problems:
        print(f"  skipped {problem}", file=sys.stderr)


def cmd_build(args: argparse.Namespace, update: bool = False) -> int:
    progress = ProgressBar() if sys.stderr.isatty() and not args.json else None
    run = building.update if update else building.build
    summary = run(index_path(args.index), args.paths, strict=args.strict, progress=progress)
    _print_summary(summary, args.json, "updated" if update else "built")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with Engine(index_path(args.index)) as engine:
        stats = engine.stats()
    if args.json:
        _print_json(stats)
        return 0
    print(f"index      {stats['path']}")
    print(f"generation {stats['generation']} (built {stats['built_at']}"
          + (f", updated {stats['updated_at']})" if stats["updated_at"] else ")"))
    print(f"documents  {stats['documents']:,}")
    for kind, count in stats["by_kind"].items():
        print(f"  {kind:<10} {count:,}")
    print("sources")
    for source, count in stats["by_source"].items():
        print(f"  {source:<14} {count:,}")
    dates = stats["date_range"]
    print(f"dates      {dates['from'] or '-'} to {dates['to'] or '-'}")
    print(f"size       {stats['size_bytes'] / 1e6:,.1f} MB")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    req = parse_request({
        "q": args.query, "page": str(args.page), "per_page": str(args.limit),
        "kind": args.kind, "source": args.source, "from": args.date_from,
        "to": args.date_to, "sort": args.sort, "collapse": "0" if args.all_copies else None,
        "group": args.group,
    })
    with Engine(index_path(args.index)) as engine:
        result = engine.search(req)
    if args.json:
        _print_json(result)
        return 0
    tty = sys.stdout.isatty()
    first = req.offset + 1
    print(f"{result['total']:,} results for «{req.q}» ({result['took_ms']:.1f} ms)"
          + (f", showing {first}–{first + len(result['hits']) - 1}" if result["hits"] else ""))
    for number, hit in enumerate(result["hits"], start=first):
        meta = " · ".join(x for x in (hit["kind"], hit["source"], hit["date"]) if x)
        print(f"\n{number}. {_terminal_text(hit['title_html'], tty)}  [{meta}]")
        print(f"   {_terminal_text(hit['snippet'], tty)}")
        if hit["url"]:
            print(f"   {hit['url']}")
        if hit["copies"]:
            copies = hit["copies"]
            print(f"   also carried by {', '.join(copies['sources'])} "
                  f"({copies['count']} more; --group {copies['group']} lists them)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web app under gunicorn (replaces this process)."""
    os.environ["BAHTH_INDEX"] = str(index_path(args.index).resolve())
    config = Path(__file__).resolve().parent.parent / "web" / "gunicorn_conf.py"
    argv = [sys.executable, "-m", "gunicorn", "--config", str(config),
            "--bind", f"{args.host}:{args.port}"]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    os.execv(sys.executable, argv + ["web.wsgi:app"])
    return 0  # not reached


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bahth", description="Arabic news search.")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_index(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--index", metavar="DIR",
                       help="index folder (default: $BAHTH_INDEX, else ./index)")
        return p

    index = commands.add_parser("index", help="build, update and describe the index")
    index_commands = index.add_subparsers(dest="index_command", required=True)
    for name, help_text in (("build", "index PATHs into a new generation and switch to it"),
                            ("update", "add or replace documents in the live index")):
        p = with_index(index_commands.add_parser(name, help=help_text))
        p.add_argument("paths", nargs="+", metavar="PATH",
                       help="page dumps (.txt), .jsonl, .json, .zip, or folders of them")
        p.add_argument("--strict", action="store_true",
                       help="fail, changing nothing, if any input cannot be read")
        p.add_argument("--json", action="store_true", help="print the summary as JSON")
        p.set_defaults(run=lambda a, update=(name == "update"): cmd_build(a, update))
    p = with_index(index_commands.add_parser("stats", help="what the index holds"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)

    p = with_index(commands.add_parser("search", help="search the index"))
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10, help="results per page (default 10)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--kind", choices=("article", "teaser"))
    p.add_argument("--source")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--sort", choices=("relevance", "newest"), default="relevance")
    p.add_argument("--all-copies", action="store_true",
                   help="show every syndicated copy of a story instead of one hit per story")
    p.add_argument("--group", metavar="KEY", help="only the copies of one story (a hit's copies.group)")
    p.add_argument("--json", action="store_true", help="print the JSON the HTTP API returns")
    p.set_defaults(run=cmd_search)

    p = with_index(commands.add_parser("serve", help="serve the search page and API"))
    p.add_argument("--host", default=os.environ.get("BAHTH_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("BAHTH_PORT", "8000")))
    p.add_argument("--workers", type=int, help="gunicorn workers (default: one per CPU)")
    p.set_defaults(run=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except RequestError as error:
        print(f"bahth: {error.english}", file=sys.stderr)
        return 2
    except (StoreError, InputError, building.BadInput) as error:
        print(f"bahth: {error}", file=sys.stderr)
        return 1
    except building.BuildFailed as error:
        print(f"bahth: the build failed: {error}; the index was not changed", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"bahth: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bahth: interrupted; the index was not changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
