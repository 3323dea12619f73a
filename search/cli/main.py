"""The ``bahth`` command: build and query the index, and start the server."""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.cli import terminal
from search.engine import Engine
from search.ingest.files import InputError
from search.query.request import RequestError, parse_request
from search.results import to_json
from search.settings import Settings, SettingsError
from search.sources import name as source_name
from search.store.generations import IndexStore, StoreError

# What only building, publishing, serving and --version use is imported by
# the commands that use it: a cold `bahth search` or `bahth index stats`
# would wait for it (reading inputs, zip files, ctypes, subprocesses, the
# package metadata) and use none of it.
if TYPE_CHECKING:
    from search.store import build as building


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _index(args: argparse.Namespace) -> Path:
    """Where the index lives: ``--index``, else ``BAHTH_INDEX``, else ./index."""
    return Path(args.index) if args.index else args.settings.index


def _print_summary(summary: building.Summary, as_json: bool, verb: str) -> None:
    if as_json:
        _print_json(summary.to_dict())
        return
    print(
        f"{verb} generation {summary.generation}: {summary.documents:,} documents "
        f"({summary.articles:,} articles, {summary.teasers:,} teasers) in {summary.seconds:.1f} s; "
        f"{summary.teasers_merged_into_articles:,} teasers merged into articles, "
        f"{summary.duplicates:,} duplicates, {summary.skipped:,} inputs skipped"
        + (f", {summary.documents_cut:,} documents cut to BAHTH_MAX_DOCUMENT_BYTES" if summary.documents_cut else "")
    )
    if summary.documents_with_entities:
        by_source = summary.documents_with_entities
        print(f"  HTML entities decoded in {sum(by_source.values()):,} documents: "
              + ", ".join(f"{source or '(no source)'} {count:,}" for source, count in by_source.items()))
    if summary.furniture:
        furniture = summary.furniture
        print(f"  site furniture left out of the index in {sum(c['documents'] for c in furniture.values()):,} "
              "documents: " + ", ".join(f"{source or '(no source)'} {c['documents']:,} ({c['segments']:,} segments)"
                                        for source, c in furniture.items()))
    for problem in summary.problems:
        print(f"  skipped {problem}", file=sys.stderr)
    if summary.problems_not_listed:
        print(f"  … and {summary.problems_not_listed:,} more problems, not listed", file=sys.stderr)


def cmd_build(args: argparse.Namespace, update: bool = False) -> int:
    from search.cli.progress import ProgressBar
    from search.ingest.sample import sample_corpus
    from search.store import build as building

    progress = ProgressBar() if sys.stderr.isatty() and not args.json else None
    paths = [*args.paths, *([str(sample_corpus())] if args.sample else [])]
    if not paths:
        print("bahth: give the PATHs to index, or --sample for the sample corpus", file=sys.stderr)
        return 2
    try:
        if update:
            summary = building.update(_index(args), paths, strict=args.strict, progress=progress,
                                      settings=args.settings, follow_symlinks=args.follow_symlinks)
        else:
            summary = building.build(_index(args), paths, strict=args.strict, progress=progress,
                                     settings=args.settings, allow_shrink=args.allow_shrink,
                                     follow_symlinks=args.follow_symlinks)
    except building.BadInput as error:
        print(f"bahth: {error}", file=sys.stderr)
        return 1
    except building.BuildFailed as error:
        print(f"bahth: the {args.index_command} failed: {error}; the index was not changed", file=sys.stderr)
        return 1
    _print_summary(summary, args.json, "updated" if update else "built")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from search.store import publish as publishing

    source = _index(args)
    result = publishing.publish(source, publishing.destination(args.dest, args.via, source), args.dest)
    if args.json:
        _print_json(result.to_dict())
    elif not result.published:
        print(f"{args.dest} already serves {result.version}; nothing to publish")
    else:
        print(f"published {result.version} to {args.dest}: {result.files:,} files, "
              f"{result.bytes / 1e6:,.1f} MB in {result.seconds:.1f} s; it serves it now"
              + (f"; removed {', '.join(result.removed)}" if result.removed else ""))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with Engine(_index(args), args.settings) as engine:
        stats = to_json(engine.stats())
    if args.json:
        _print_json(stats)
        return 0
    print(f"index      {stats['path']}")
    print(f"generation {stats['version']} (built {stats['built_at']}"
          + (f", updated {stats['updated_at']})" if stats["updated_at"] else ")"))
    print(f"documents  {stats['documents']:,}")
    for kind, count in stats["by_kind"].items():
        print(f"  {kind:<10} {count:,}")
    print("sources")
    # Ids, as --source takes them (the Arabic names too); and the documents that have none.
    sources = dict(stats["by_source"])
    if unnamed := stats["documents"] - sum(sources.values()):
        sources["(none)"] = unnamed
    width = max(map(len, sources), default=0)
    digits = len(f"{max(sources.values(), default=0):,}")
    for source, count in sources.items():
        named = source_name(source)  # the source's Arabic name, where it has one
        print(f"  {source:<{width}} {count:>{digits},}  {named if named != source else ''}".rstrip())
    dates = stats["date_range"]
    print(f"dates      {dates['from'] or '-'} to {dates['to'] or '-'}")
    print(f"size       {stats['size_bytes'] / 1e6:,.1f} MB")
    _print_generations(stats["generations"])
    return 0


def _print_generations(kept: list[dict[str, Any]]) -> None:
    print("kept generations (* served; 'bahth index rollback' switches to the one before)")
    for generation in reversed(kept):
        documents = "damaged" if generation["documents"] is None else f"{generation['documents']:,} documents"
        print(f"  {'*' if generation['current'] else ' '} {generation['name']}  {documents}, "
              f"built {generation['built_at'] or '-'}")


def cmd_rollback(args: argparse.Namespace) -> int:
    store = IndexStore(_index(args))
    with store.locked("bahth index rollback"):
        left, served = store.rollback(args.to)
    documents = served.documents()
    print(f"rolled back to generation {served.name} ({documents or 0:,} documents, "
          f"built {served.meta().get('built_at') or '-'}); running servers serve it "
          "from their next check (every BAHTH_RELOAD_SECONDS)")
    if left is not None:
        print(f"generation {left} is kept until the next build: 'bahth index rollback --to {left}' "
              "switches back to it")
    return 0


def _add_rollback(index_commands: argparse._SubParsersAction[argparse.ArgumentParser],
                  with_index: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]) -> None:
    p = with_index(index_commands.add_parser(
        "rollback", help="serve the generation before the current one again"))
    p.add_argument("--to", metavar="NAME",
                   help="the kept generation to serve instead (one 'bahth index stats' lists)")
    p.set_defaults(run=cmd_rollback)


def cmd_search(args: argparse.Namespace) -> int:
    req = parse_request({
        "q": args.query, "page": str(args.page), "per_page": str(args.limit),
        "kind": args.kind, "source": args.source, "from": args.date_from,
        "to": args.date_to, "sort": args.sort, "collapse": "0" if args.all_copies else None,
        "group": args.group, "exact": "1" if args.exact else None,
    })
    with Engine(_index(args), args.settings) as engine:
        result = engine.search(req)
    if args.json:
        _print_json(to_json(result))
        return 0
    print("\n".join(terminal.results(result, req.offset, sys.stdout.isatty())))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web app under gunicorn (replaces this process)."""
    from search.cli import exposure

    # The workers read their settings from the environment, as a server's do.
    os.environ["BAHTH_INDEX"] = str(_index(args).resolve())
    host, port = args.host or args.settings.host, args.port or args.settings.port
    address = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"  # IPv6
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:web.gunicorn_conf", "--bind", address]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    if args.behind_proxy:
        argv += exposure.BEHIND_PROXY_ARGS
    elif not exposure.is_loopback(host):
        print(exposure.exposure_warning(address), file=sys.stderr, flush=True)
    os.execv(sys.executable, argv + ["web.wsgi:app"])
    return 0  # not reached


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("bahth")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "(not installed)"


class _Version(argparse.Action):
    """``--version``: the installed version, read only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bahth", description="Arabic news search.")
    parser.add_argument("--version", action=_Version)
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
        p.add_argument("paths", nargs="*", metavar="PATH",
                       help="page dumps (.txt), .jsonl, .json, .zip, or folders of them")
        p.add_argument("--sample", action="store_true",
                       help="also index the sample corpus that ships with Bahth")
        p.add_argument("--strict", action="store_true",
                       help="fail, changing nothing, if any input cannot be read")
        p.add_argument("--json", action="store_true", help="print the summary as JSON")
        p.add_argument("--follow-symlinks", action="store_true",
                       help="read what symbolic links in folders point to, even outside the folder")
        if name == "build":
            p.add_argument("--allow-shrink", action="store_true",
                           help="switch to the new index even if it holds no documents, "
                                "or fewer than half of those served")
        p.set_defaults(run=lambda a, update=(name == "update"): cmd_build(a, update))
    p = with_index(index_commands.add_parser(
        "publish", help="copy the served generation to another index folder and switch it there"))
    p.add_argument("dest", metavar="DEST", help="an index folder, or an rsync destination HOST:PATH")
    p.add_argument("--via", choices=("copy", "rsync"),
                   help="how to copy (default: rsync for HOST:PATH, else copy)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=cmd_publish)
    p = with_index(index_commands.add_parser("stats", help="what the index holds"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats, brief=True)
    _add_rollback(index_commands, with_index)

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
    p.add_argument("--exact", action="store_true",
                   help="search the words as typed, never a sure correction of them")
    p.add_argument("--json", action="store_true", help="print the JSON the HTTP API returns")
    p.set_defaults(run=cmd_search, brief=True)

    p = with_index(commands.add_parser("serve", help="serve the search page and API"))
    p.add_argument("--host", help="address to bind to (default: $BAHTH_HOST, else 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to bind to (default: $BAHTH_PORT, else 8000)")
    p.add_argument("--workers", type=int, help="gunicorn workers (default: one per CPU)")
    p.add_argument("--behind-proxy", action="store_true",
                   help="clients reach this server only through a buffering front proxy such as nginx "
                        "(deploy/nginx): no warning for an address other than loopback, and the proxy's "
                        "X-Forwarded-Proto is trusted from any address")
    p.set_defaults(run=cmd_serve)
    return parser


# A request's parameters as the command line names them.
_OPTIONS = {"q": "the query", "page": "--page", "per_page": "--limit", "kind": "--kind (or kind: in the query)",
            "source": "--source (or source: in the query)",
            "from": "--from", "to": "--to", "sort": "--sort", "collapse": "--all-copies", "group": "--group",
            "exact": "--exact"}


def _option(name: str) -> str:
    return _OPTIONS.get(name, f"'{name}'")


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if not getattr(args, "brief", False):
        # Only a search and the stats read the index once and exit: the
        # others (a build above all) collect their garbage as Python does
        # unless told otherwise (search.cli.run).
        gc.enable()
    try:
        args.settings = Settings.from_env()
        status: int = args.run(args)
        sys.stdout.flush()  # here, where a reader that stopped reading is told apart
        return status
    except SettingsError as error:
        print(f"bahth: {error}", file=sys.stderr)
        return 2
    except RequestError as error:
        print(f"bahth: {error.in_english(_option)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped reading (`bahth search … | head`): stop quietly,
        # as other tools do, and keep Python from reporting it at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (StoreError, InputError) as error:
        print(f"bahth: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"bahth: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bahth: interrupted; the index was not changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
