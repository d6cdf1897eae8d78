"""The storyline command line: ingest, list stories, show a story or an article, export."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.launch import INTERRUPTED
from storyline.model import (JOIN_NAME_LABELS, REVIEW_BELOW, Article, counted, headline_from_lead, is_calendar_day,
                             moment_text, probability_text, to_check)
from storyline.store import AmbiguousName, IncompatibleEmbeddings, Store, StoreUnavailable, database_url

app = typer.Typer(help="Turn raw news articles from many outlets into stories and storylines.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # an error or note is one line, whole for grep, at any width

DbOption = Annotated[Optional[str], typer.Option("--db", metavar="URL", help="Database URL (default: $STORYLINE_DB or sqlite:///./storyline.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
LimitOption = Annotated[Optional[int], typer.Option(metavar="N", help="At most this many (default: 50 in the table, all with --json; "
                                                    "0: all).")]
OffsetOption = Annotated[int, typer.Option(metavar="N", help="Skip this many of the newest first.")]
MAX_RECORDS = 10**12  # the most --limit or --offset may count
ReviewOffsetOption = Annotated[int, typer.Option(metavar="N", help="Skip this many of the least certain first.")]


def _filter_options(only: str):
    """The filters of the story and storyline listings (``only``: whom they keep, e.g. "Only stories")."""
    return (
        Annotated[Optional[str], typer.Option(metavar="DAY", help=f"{only} reported on or after this day "
                                                                  "(YYYY-MM-DD).")],
        Annotated[Optional[str], typer.Option(metavar="DAY", help=f"{only} begun on or before this day "
                                                                  "(YYYY-MM-DD).")],
        Annotated[Optional[str], typer.Option(metavar="NAME", help=f"{only} this outlet reported (its name as "
                                                                   "listed).")],
        Annotated[Optional[str], typer.Option(metavar="NAME", help=f"{only} naming this person, place or "
                                                                   "organisation.")],
        Annotated[Optional[str], typer.Option("--query", "-q", metavar="WORDS",
                                              help=f"{only} with an article holding all these words.")],
    )


StorySince, StoryUntil, StoryOutlet, StoryEntity, StoryWords = _filter_options("Only stories")
LineSince, LineUntil, LineOutlet, LineEntity, LineWords = _filter_options("Only storylines with a story")


SHOWN_MOVES = 20  # a whole story moved lists its first articles; --json lists all
SHOWN_NAMES = 5  # a join to check shows its first names of each kind; --json lists all

_database_before_command: str | None = None  # `storyline --db URL COMMAND`: the command's own --db wins


@app.callback()
def _options_before_the_command(db: DbOption = None) -> None:
    global _database_before_command
    _database_before_command = db


def _database(db: str | None) -> str | None:
    return db or _database_before_command


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ids and dates are copied and read whole: the text columns wrap instead, where the terminal leaves them
# room (TEXT_ROOM each); on a terminal narrower still, each row is printed as a record (_print_records)
WHOLE_COLUMNS = {"story": 13, "storyline": 13, "article": 13, "first": 10, "last": 10, "date": 10}
TEXT_ROOM = 16


def _table(columns: tuple[str, ...], **options) -> Table:
    table = Table(**options)
    needed = sum(WHOLE_COLUMNS.get(column, TEXT_ROOM) + 3 for column in columns) + 1  # a cell's padding and rule
    whole = console.width >= needed
    for column in columns:
        keep = whole and column in WHOLE_COLUMNS
        table.add_column(column, overflow="fold", width=WHOLE_COLUMNS[column] if keep else None)
    return table


def _print_table(columns: tuple[str, ...], rows: list[tuple[str, ...]], title: str | None = None,
                 **options) -> None:
    """A Rich table of already-escaped cells; long cells fold, ids and dates stay whole. On a terminal too narrow
    for that (under about 120 columns for the story list), one record per row instead: its ids and dates on a
    line, then each text cell under its column's name."""
    table = _table(columns, title=title, **options)
    if any(column.header in WHOLE_COLUMNS and column.width is None for column in table.columns):
        _print_records(columns, rows, title)
        return
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _print_records(columns: tuple[str, ...], rows: list[tuple[str, ...]], title: str | None) -> None:
    whole = [i for i, column in enumerate(columns) if column in WHOLE_COLUMNS]
    if title:
        console.print(f"[bold]{title}[/bold]")
    for row in rows:
        console.print()
        # the first line of each id and date heads the record; a note under one ("(estimate)") goes below it
        heads = {i: (row[i] or "?").partition("\n") for i in whole}
        console.print("[bold]" + "  ".join(head for head, _, _ in heads.values()) + "[/bold]")
        cells = Table.grid(padding=(0, 1))
        cells.add_column(style="dim", no_wrap=True)
        cells.add_column(overflow="fold")
        for i, column in enumerate(columns):
            text = heads[i][2] if i in heads else row[i]
            if text:
                cells.add_row(column, text)
        console.print(Padding(cells, (0, 0, 0, 2), expand=False))


def _check_settings() -> None:
    """A mistyped limit in the environment is said now, not as a traceback from the middle of a run."""
    from storyline.cluster.embed import embedding_kind
    from storyline.limits import check_settings

    try:
        check_settings()
        embedding_kind()
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None


def _open(db: str | None, create: bool = False) -> Store:
    """The store at ``db``; an SQLite file that does not exist is made only when ``create`` (by ingest): a
    mistyped path to read from is an error, not an empty database."""
    _check_settings()
    db = _database(db)
    if not create:
        missing = _missing_sqlite_file(database_url(db))
        if missing:
            errors.print(f"[red]error:[/red] no database at {escape(missing)}: `storyline ingest --db "
                         f"{escape(missing)} FILES...` makes one")
            raise typer.Exit(2)
    try:
        return Store(db)
    except StoreUnavailable as error:
        errors.print(f"[red]error:[/red] cannot open the {escape(str(error))}")
        raise typer.Exit(3) from None
    except Exception as error:  # a bad URL or an unreadable file: say which, stop cleanly
        errors.print(f"[red]error:[/red] cannot open database {escape(str(db or ''))}: {escape(str(error))}")
        raise typer.Exit(2) from None


def _missing_sqlite_file(url: str) -> str | None:
    """The file of an SQLite URL when it does not exist (None for other databases and in-memory SQLite)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # said by Store with the reason
        return None
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return None if Path(parsed.database).exists() else parsed.database


def _count_inputs(paths: list[str]) -> int | None:
    """Files to read, for the progress bar (None when a URL makes it unknowable)."""
    from storyline.ingest import input_files, is_url

    total = 0
    for item in paths:
        if is_url(item):
            return None
        path = Path(item)
        total += len(input_files(path)) if path.is_dir() else 1
    return total


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files, folders (read recursively) or URLs of pages and feeds.")],
    outlet: Annotated[Optional[str], typer.Option(metavar="NAME", help="Outlet for inputs whose metadata and URL name none.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
    batch_size: Annotated[int, typer.Option(min=1, metavar="N", help="Articles stored per transaction.")] = 32,
    workers: Annotated[Optional[int], typer.Option(min=1, metavar="N", help="Worker processes that clean and annotate, on a local Dask "
                                                   "cluster when more than one (default: one per CPU core).")] = None,
    scheduler: Annotated[Optional[str], typer.Option(metavar="ADDRESS", help="Join an existing Dask cluster (tcp://HOST:PORT) instead "
                                                     "of starting a local one.")] = None,
) -> None:
    """Read articles, clean, annotate, group them into stories and store them."""
    from storyline.pipeline import WorkersUnavailable, check_scheduler, default_workers
    from storyline.pipeline import ingest as run_ingest

    try:
        if scheduler is not None:
            check_scheduler(scheduler)
    except WorkersUnavailable as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    cores = os.cpu_count() or 1
    if scheduler is None and workers and workers > cores:
        errors.print(f"[yellow]note:[/yellow] --workers {workers} on {cores} core{'s' if cores != 1 else ''}: "
                     "workers beyond one per core wait for each other and make the ingest slower")
    store = _open(db, create=True)
    stored_before = store.count_articles()
    sources_done: set[str] = set()
    stopped: StoreUnavailable | None = None
    with Progress(
        SpinnerColumn(), TextColumn("[bold]ingest[/bold] {task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(), console=errors, transient=True,
        disable=json_output or not errors.is_terminal,
    ) as progress:
        files = _count_inputs(inputs)
        task = progress.add_task("", total=files)

        def advance(source: str) -> None:
            file = source.split("#")[0].rsplit(":", 1)[0] if "://" not in source.split("#")[0] else source
            progress.update(task, description=escape(Path(file).name[:40]))
            if files is None or file not in sources_done:
                sources_done.add(file)
                progress.advance(task)

        try:
            summary = run_ingest(inputs, store, outlet=outlet, batch_size=batch_size,
                                 workers=workers or default_workers(), on_article=advance, scheduler=scheduler)
        except StoreUnavailable as error:
            stopped = error
        except (IncompatibleEmbeddings, WorkersUnavailable) as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}")
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            progress.stop()
            kept = store.count_articles() - stored_before
            errors.print(f"interrupted: {kept} article{'s' if kept != 1 else ''} stored before it stay stored (whole "
                         "batches only). Run the same command again to continue where it stopped.")
            raise typer.Exit(INTERRUPTED) from None
    if stopped is not None:
        _report_stopped(stopped, json_output)
        raise typer.Exit(3)
    if json_output:
        _print_json(summary.to_dict())
    else:
        for failure in summary.failed:
            errors.print(f"[red]error:[/red] {escape(failure['source'])}: {escape(failure['error'])}")
        for note in summary.notes:
            errors.print(f"[yellow]note:[/yellow] {escape(note)}")
        console.print(
            f"ingested [bold]{summary.ingested}[/bold] article{'' if summary.ingested == 1 else 's'} "
            f"({summary.new_stories} new stor{'y' if summary.new_stories == 1 else 'ies'}, "
            f"{summary.duplicates} near-duplicates, {summary.no_text} without text, "
            f"{summary.template_lines} outlet-template lines removed); "
            f"{summary.already_present} already present; [bold]{len(summary.failed)}[/bold] failed"
            + (f"; {summary.skipped} file{'s' if summary.skipped != 1 else ''} skipped (see the notes)"
               if summary.skipped else ""), soft_wrap=True)
        if summary.to_check:
            console.print(f"{summary.to_check} join{'s' if summary.to_check != 1 else ''} to check: "
                          f"`storyline review` lists them, least certain first", soft_wrap=True)
        if summary.nearly_joined:
            many = summary.nearly_joined != 1
            console.print(f"{summary.nearly_joined} new stor{'ies' if many else 'y'} may be part of another: "
                          "`storyline review --nearly-joined` lists them", soft_wrap=True)
        if summary.split:
            many = summary.split != 1
            console.print(f"{summary.split} stor{'ies' if many else 'y'} held two events and "
                          f"{'were' if many else 'was'} split in two: `storyline export splits` lists them, "
                          "each story's page says so", soft_wrap=True)
    if summary.failed:
        raise typer.Exit(1)


def _report_stopped(error: StoreUnavailable, json_output: bool) -> None:
    """An ingest the database stopped: what stays stored, and how to go on."""
    summary = error.summary
    stored = summary.ingested if summary else 0
    if json_output:
        _print_json({**(summary.to_dict() if summary else {}), "stopped": str(error)})
    errors.print(f"[red]error:[/red] ingest stopped: {escape(str(error))}")
    errors.print(f"{stored} articles were stored before it and stay stored; the batch being written was rolled "
                 "back whole. Run the same command again to continue where it stopped.")


@app.command()
def stories(
    db: DbOption = None,
    json_output: JsonOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    since: StorySince = None,
    until: StoryUntil = None,
    outlet: StoryOutlet = None,
    entity: StoryEntity = None,
    query: StoryWords = None,
) -> None:
    """List stories, newest first (filtered and paged as on the web pages)."""
    limit = _page_limit(limit, offset, json_output)
    store = _open(db)
    filters = _story_filters(store, since, until, outlet, entity, query)
    items, total = store.query_stories(**filters, limit=limit, offset=offset)
    if json_output:
        _print_json([s.to_dict() for s in items])
        return
    _print_table(("story", "headline", "storyline", "outlets", "articles", "first", "last"), [
        (story.id, escape(story.headline), story.storyline or "", escape(", ".join(story.outlets)),
         _articles_cell(story), *_story_days(story)) for story in items
    ], title=_shown(len(items), total, offset, "story", "stories"))


def _story_filters(store, since: str | None, until: str | None, outlet: str | None, entity: str | None,
                   query: str | None) -> dict:
    """The listing filters as the store takes them; a day that is not one, an outlet or a name the database does
    not know, or a surname several people share, exits 2 (saying which)."""
    if outlet and store.outlet_named(outlet) is None:
        errors.print(f"[red]error:[/red] --outlet {escape(outlet)}: no article is by that outlet; outlets: "
                     f"{escape(', '.join(sorted(store.outlets())[:20]))}")
        raise typer.Exit(2)
    if entity:
        keys = store.entity_keys_named(entity)
        if len(keys) != 1:
            why = (f"several people are named so: {', '.join(store.entity_name(k)['name'] for k in keys)}; "
                   "give the full name" if keys else "no person, organisation or place of that name is stored")
            errors.print(f"[red]error:[/red] --entity {escape(entity)}: {escape(why)}")
            raise typer.Exit(2)
        entity = keys[0]
    for name, day in (("--since", since), ("--until", until)):
        if day is not None and not is_calendar_day(day):
            errors.print(f"[red]error:[/red] {name} {escape(day)}: not a day (YYYY-MM-DD)")
            raise typer.Exit(2)
    return {"since": since, "until": until, "outlet": outlet,
            "entity": entity, "q": query}


def _changes_text(version) -> str:
    """How an outlet's quotation differs from the wording most outlets print ("" where it does not)."""
    if not (version.added or version.dropped):
        return ""
    changes = [f"+“{escape(words)}”" for words in version.added] \
        + [f"−“{escape(words)}”" for words in version.dropped]
    return f" [red](worded differently from most outlets: {', '.join(changes)})[/red]"


def _story_days(story) -> tuple[str, str]:
    """A story's (or storyline's) first and last day, each marked when no article of it dates itself (estimated
    from the texts)."""
    note = "\n[dim](estimate)[/dim]" if story.estimated else ""
    return tuple(f"{day}{note}" if day else "" for day in (story.first_published, story.last_published))


def _articles_cell(story) -> str:
    """A story's article count, its copies and its joins to check, if any."""
    from storyline.compare import copies_text

    copies = f" ({copies_text(story.copies)})" if story.copies else ""
    return f"{story.article_count}{copies}" + (f" [yellow]({story.to_check} to check)[/yellow]" if story.to_check else "")


def _names_cell(names: list[str]) -> str:
    more = f" [dim]and {len(names) - SHOWN_NAMES} more[/dim]" if len(names) > SHOWN_NAMES else ""
    return escape(", ".join(names[:SHOWN_NAMES])) + more


@app.command()
def storylines(
    db: DbOption = None,
    json_output: JsonOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    since: LineSince = None,
    until: LineUntil = None,
    outlet: LineOutlet = None,
    entity: LineEntity = None,
    query: LineWords = None,
) -> None:
    """List storylines, newest first: threads of stories over weeks or months (filtered by their stories)."""
    limit = _page_limit(limit, offset, json_output)
    store = _open(db)
    filters = _story_filters(store, since, until, outlet, entity, query)
    items, total = store.query_storylines(**filters, limit=limit, offset=offset)
    if json_output:
        _print_json([s.to_dict() for s in items])
        return
    _print_table(("storyline", "title", "stories", "first", "last"), [
        (line.id, escape(line.title), str(line.story_count), *_story_days(line)) for line in items
    ], title=_shown(len(items), total, offset, "storyline", "storylines"))


def _page_limit(limit: int | None, offset: int, json_output: bool) -> int | None:
    """How many records a listing shows: --limit, else 50 in a table and all as JSON (None: all)."""
    if (limit is not None and limit < 0) or offset < 0:
        errors.print("[red]error:[/red] --limit and --offset count records: 0 or more")
        raise typer.Exit(2)
    if max(limit or 0, offset) > MAX_RECORDS:  # a database counts in 64 bits
        errors.print(f"[red]error:[/red] --limit and --offset count records: {MAX_RECORDS:,} at most")
        raise typer.Exit(2)
    return ((None if json_output else 50) if limit is None else limit) or None


def _shown(count: int, total: int, offset: int, one: str, many: str) -> str:
    """A listing's title: how many, and which of how many when a page is shown."""
    if count == total:
        return f"{count} {one if count == 1 else many}"
    if not count:
        return f"no {many} past --offset {offset:,}: {total:,} in all"
    more = " (--limit, --offset for more)" if offset + count < total else ""
    return f"{many} {offset + 1:,}–{offset + count:,} of {total:,}{more}"


@app.command()
def outlets(
    rename: Annotated[Optional[str], typer.Option("--rename", metavar="OUTLET", help="An outlet to give another name "
                                                  "(as listed, in any case, or its folder's name).")] = None,
    to: Annotated[Optional[str], typer.Option("--to", metavar="NAME", help="Its new name: its articles take it, and "
                                              "so do those ingested later under the old one.")] = None,
    db: DbOption = None, json_output: JsonOption = False,
) -> None:
    """The outlets, each with its articles, stories and days; with --rename and --to, give one the name readers
    should see."""
    store = _open(db)
    if rename is not None or to is not None:
        if not rename or not to:
            errors.print("[red]error:[/red] say which outlet and its new name: --rename OUTLET --to NAME")
            raise typer.Exit(2)
        try:
            old, count = store.rename_outlet(rename, to)
        except ValueError as error:
            errors.print(f"[red]error:[/red] --rename {escape(rename)}: {escape(str(error))}")
            raise typer.Exit(2) from None
        except StoreUnavailable as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}; nothing was renamed")
            raise typer.Exit(3) from None
        if json_output:
            _print_json({"outlet": old, "to": " ".join(to.split()), "articles": count})
        else:
            console.print(f"renamed {escape(old)} to {escape(' '.join(to.split()))}: {count} article"
                          f"{'s' if count != 1 else ''}; those ingested later under the old name take it too")
        return
    listing = store.outlet_listing()
    if json_output:
        _print_json(listing)
        return
    _print_table(("outlet", "articles", "stories", "first", "last"), [
        (escape(row["outlet"]), str(row["articles"]), str(row["stories"]), row["first_published"] or "",
         row["last_published"] or "") for row in listing], title=_shown(len(listing), len(listing), 0, "outlet",
                                                                        "outlets"))


@app.command()
def timeline(storyline_id: Annotated[str, typer.Argument(metavar="STORYLINE", help="Storyline id (from `storyline storylines`).")],
             db: DbOption = None, json_output: JsonOption = False) -> None:
    """One storyline: its title and its stories in time order."""
    store = _open(db)
    storyline_id = _whole_id(store.find_storyline_id, storyline_id)
    line = store.get_storyline(storyline_id)
    if line is None:
        errors.print(f"[red]error:[/red] no storyline {escape(repr(storyline_id))}; list them with `storyline storylines`")
        raise typer.Exit(2)
    if line.id != storyline_id:
        by_hand = any(m["from"] == storyline_id for m in store.storyline_moves(storyline_id))
        errors.print(f"storyline {escape(storyline_id)}'s stories moved{' by hand' if by_hand else ''} to storyline "
                     f"{line.id}")
    items = store.storyline_stories(line.id)
    moves = store.storyline_moves(line.id)
    shared = store.names_shared_between([s.id for s in items])
    if json_output:
        _print_json({"storyline": line.to_dict(), "stories": [s.to_dict() for s in items], "moves": moves,
                     "shared_names": shared})
        return
    console.print(Panel(escape(line.title), title=f"storyline {line.id}",
                        subtitle=("about " if line.estimated else "")
                        + f"{line.first_published or '?'} – {line.last_published or '?'}"))
    _print_table(("first", "last", "story", "headline", "articles", "outlets", "names shared in the thread"), [
        (*_story_days(story), story.id, escape(story.headline),
         _articles_cell(story), escape(", ".join(story.outlets)), _names_cell(shared[story.id])) for story in items
    ])
    _print_moves_by_hand(moves, line.id, "story", "storyline")


def _whole_id(find, given: str) -> str:
    """The whole id a unique prefix stands for (the prefix itself when no id starts with it); an ambiguous prefix
    ends the command with the ids it could be."""
    try:
        return find(given) or given
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None


@app.command()
def show(story_id: Annotated[str, typer.Argument(metavar="STORY", help="Story id (from `storyline stories`).")],
         db: DbOption = None, json_output: JsonOption = False) -> None:
    """One story: its articles side by side and its quotes by speaker."""
    store = _open(db)
    story_id = _whole_id(store.find_story_id, story_id)
    story = store.get_story(story_id)
    if story is None:
        errors.print(f"[red]error:[/red] no story {escape(repr(story_id))}; list them with `storyline stories`")
        raise typer.Exit(2)
    if story.id != story_id:
        moved_out = any(m["from"] == story_id for m in store.story_moves(story_id))
        errors.print(f"story {escape(story_id)}'s articles were moved by hand to story {story.id}" if moved_out
                     else f"story {escape(story_id)} was merged into {story.id}")
    from storyline.compare import begun_by_a_copy, compare_story, copy_summary, folded

    members = store.story_articles(story.id)
    comparison = compare_story(story.id, members)
    merges = store.story_merges(story.id)
    splits = store.story_splits(story.id)
    moves = store.story_moves(story.id)
    relinks = store.storyline_moves(story_id=story.id)
    by_speaker = {speaker: [{"text": v.text, "kind": v.kind, "outlet": v.outlet, "article": v.article}
                            for group in groups for v in group.versions]
                  for speaker, groups in comparison.quotes.items()}
    if json_output:
        _print_json({
            "story": story.to_dict(),
            "merged": merges,
            "splits": splits,
            "moves": moves,
            "storyline_moves": relinks,
            "articles": [{"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title,
                          "lead": a.lead, "duplicate_of": a.duplicate_of, "joined": a.joined,
                          "join_probability": a.join_probability} for a in members],
            "quotes_by_speaker": by_speaker,
            "comparison": comparison.to_dict(),
        })
        return
    console.print(Panel(escape(story.headline), title=f"story {story.id}", subtitle=f"storyline {story.storyline}"))
    by_id = {article.id: article for article in members}
    rows = []
    for row, copies in folded(comparison.coverage):  # copies folded under their original, in its place
        article = by_id[row.article]
        copy = f"\n[dim](copy of {article.duplicate_of[:12]})[/dim]" if article.duplicate_of else ""
        title = "\n".join(filter(None, [escape(article.title or ""),
                                         f"[dim]+ {escape(copy_summary(copies))}[/dim]" if copies else ""]))
        joined = _joined_text(article)
        if begun_by_a_copy(row, copies):
            joined += "\n[dim]a copy of it began the story[/dim]"
        rows.append((escape(article.outlet or ""), _day_cell(article.published, article.published_estimate), title,
                     escape(article.lead), article.id[:12] + copy, joined))
    _print_table(("outlet", "date", "title", "lead", "article", "joined"), rows, show_lines=True)
    for merge in merges:
        console.print(f"[dim]merged in: story {merge['story']} (when article {merge['article'][:12]} showed the two "
                      f"are one, p={merge['probability']:.2f})[/dim]")
    for split in splits:
        console.print(f"[dim]{escape(_split_text(split, story.id))}[/dim]")
    _print_moves_by_hand(moves, story.id, "article", "story")
    _print_moves_by_hand(relinks, None, "story", "storyline")
    if comparison.facts:
        console.print(f"\n[bold]shared facts[/bold] ({len(comparison.facts)})")
        for fact in comparison.facts[:SHOWN_FACTS]:
            carried = [f"{o} (another figure or day)" if o in fact.differing else f"{o} (in a copy)"
                       if o in fact.copied_by else o for o in fact.outlets]
            _say(f"  {escape(_shorten(fact.text, 160))} [dim]({escape(', '.join(carried))})[/dim]")
        _print_more(len(comparison.facts), SHOWN_FACTS)
    for outlet, facts in comparison.unique.items():
        console.print(f"\n[bold]only {escape(outlet)}[/bold] ({len(facts)})")
        for fact in facts[:SHOWN_OUTLET_FACTS]:
            added = " [dim](added to its copy of another outlet's report)[/dim]" if fact.copied_by else ""
            _say(f"  {escape(_shorten(fact.text, 160))}{added}")
        _print_more(len(facts), SHOWN_OUTLET_FACTS)
    for difference in comparison.disagreements:
        console.print(f"\n[yellow]{difference.kind}s differ[/yellow]")
        for outlet, values in difference.values.items():
            said = difference.wording.get(outlet)
            _say(f"  {escape(outlet)}: [bold]{escape(', '.join(values))}[/bold]"
                 + (f" [dim]“{escape(_shorten(said, 140))}”[/dim]" if said else ""))
    for speaker, groups in comparison.quotes.items():
        console.print(f"\n[bold]{escape(speaker)}[/bold]")
        for group in groups:
            for version in group.versions:
                copied = f", its copy of {escape(version.copy_of)}" if version.copy_of else ""
                _say(f"  [dim]{escape(version.outlet or '')}[/dim] ({version.kind}{copied}) "
                     f"“{escape(_shorten(version.text, 200))}”{_changes_text(version)}")
    for outlet, sentences in comparison.opinion.items():
        console.print(f"\n[bold]opinion in {escape(outlet or '?')}[/bold] ({counted(len(sentences), 'sentence')})")
        for sentence in sentences[:SHOWN_OUTLET_FACTS]:
            reason = f" [dim]({escape(sentence.reason)})[/dim]" if sentence.reason else ""
            _say(f"  {escape(_shorten(sentence.text, 160))}{reason}")
        _print_more(len(sentences), SHOWN_OUTLET_FACTS)


SHOWN_FACTS = 8
SHOWN_OUTLET_FACTS = 5


def _say(markup: str) -> None:
    """A line indented by its leading spaces, whose wrapped lines keep the indent."""
    text = markup.lstrip(" ")
    console.print(Padding(text, (0, 0, 0, len(markup) - len(text)), expand=False))


def _print_more(total: int, shown: int) -> None:
    if total > shown:
        _say(f"  [dim]and {total - shown} more (all with --json)[/dim]")


def _joined_text(article: Article) -> str:
    """How the article came to its story, for a table cell; a join to check says so."""
    if article.joined == "scored":
        check = " [yellow]to check[/yellow]" if to_check(article.joined, article.join_probability) else ""
        return f"p {probability_text(article.join_probability)}{check}"
    return {"founded": "began it", "copy": "copy", "moved": "by hand"}.get(article.joined or "", "")


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="WORDS", help='Words to find in headlines, bodies and names: every '
                                         'word, "a phrase" in a row, OR between alternatives, -word left out, '
                                         'negotiat* a word\'s beginning.')],
    db: DbOption = None,
    json_output: JsonOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """Articles holding the words, newest first, each with its story (as the web's search page)."""
    limit = _page_limit(limit, offset, json_output)
    if not query.strip():
        errors.print("[red]error:[/red] WORDS: give at least one word to search for")
        raise typer.Exit(2)
    store = _open(db)
    items, total = store.query_articles(q=query, limit=limit, offset=offset)
    if json_output:
        _print_json(items)
        return
    _print_table(("article", "date", "outlet", "headline", "story"), [
        (item["id"][:12], _day_cell(item["published"], item["published_estimate"]), escape(item["outlet"] or ""),
         escape(item["title"] or headline_from_lead(item.get("lead") or "")), item["story"] or "")
        for item in items
    ], title=_shown(len(items), total, offset, "article", "articles") + f" holding {escape(repr(query))}")


def _day_cell(published: str | None, estimate: str | None) -> str:
    """An article's day for a table cell: its own, else the text's estimate marked so, else "undated"."""
    return published or (f"{estimate}\n[dim](estimate)[/dim]" if estimate else "undated")


@app.command()
def quotes(
    db: DbOption = None,
    json_output: JsonOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    speaker: Annotated[Optional[str], typer.Option(metavar="NAME", help="Only this speaker's (a full name, or a "
                                                                        "surname one person has).")] = None,
    story: Annotated[Optional[str], typer.Option(metavar="STORY", help="Only quotations in this story.")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", metavar="WORDS",
                                                 help="Only quotations holding these words.")] = None,
) -> None:
    """Quotations with their speakers, newest first: direct, partial and reported, each with its outlet."""
    limit = _page_limit(limit, offset, json_output)
    store = _open(db)
    found = store.get_story(_whole_id(store.find_story_id, story)) if story else None
    if story and found is None:
        errors.print(f"[red]error:[/red] --story {escape(story)}: no such story; list them with `storyline stories`")
        raise typer.Exit(2)
    try:  # a merged story's id leads to the story it is now part of
        items, total = store.query_quotes(speaker=speaker, story_id=found.id if found else None, q=query,
                                          limit=limit, offset=offset)
    except AmbiguousName as error:
        errors.print(f"[red]error:[/red] --speaker: {escape(str(error))}")
        raise typer.Exit(2) from None
    if json_output:
        _print_json(items)
        return
    _print_table(("speaker", "kind", "words", "outlet", "date", "article"), [
        (escape(item["speaker"] or f"({item['speaker_mention'] or 'no one named'})"), item["kind"],
         escape(_shorten(item["text"], 300)), escape(item["outlet"] or ""), item["published"] or "undated",
         item["article"][:12]) for item in items
    ], title=_shown(len(items), total, offset, "quotation", "quotations"))


@app.command()
def review(
    below: Annotated[float, typer.Option(metavar="P", help="List the joins less likely than this (0 to 1).")] = REVIEW_BELOW,
    story: Annotated[Optional[str], typer.Option("--story", metavar="STORY", help="Only this story's joins (a story id).")] = None,
    nearly_joined: Annotated[bool, typer.Option(
        "--nearly-joined", help="Instead, the stories that may be part of another: their first article nearly "
        "joined it.")] = False,
    db: DbOption = None, json_output: JsonOption = False, limit: LimitOption = None, offset: ReviewOffsetOption = 0,
) -> None:
    """Joins to check, least certain first: articles that joined their story with a low probability (then
    `storyline move` corrects what is wrong); with --nearly-joined, stories that may be part of another."""
    if nearly_joined:
        if story is not None:
            errors.print("[red]error:[/red] --nearly-joined lists stories, not one story's joins: drop --story")
            raise typer.Exit(2)
        _review_nearly_joined(_open(db), json_output, _page_limit(limit, offset, json_output), offset)
        return
    if not 0 < below <= 1:
        errors.print(f"[red]error:[/red] --below {below:g}: a probability, over 0 and at most 1")
        raise typer.Exit(2)
    limit = _page_limit(limit, offset, json_output)
    store = _open(db)
    if story is not None:
        found = store.get_story(_whole_id(store.find_story_id, story))
        if found is None:
            errors.print(f"[red]error:[/red] --story {escape(repr(story))}: no such story; list them with `storyline stories`")
            raise typer.Exit(2)
        story = found.id  # a merged story's joins are in the story it was merged into
    items, total = store.uncertain_joins(below, limit=limit, offset=offset, story_id=story)
    if json_output:
        _print_json(items)
        return
    console.print(f"[bold]{_shown(len(items), total, offset, f'join under p {below:g}', f'joins under p {below:g}')}"
                  "[/bold], least certain first (`storyline move ARTICLE --to STORY|new` corrects one)")
    for item in items:
        _print_review_item(item, "in story")
        for label, field in JOIN_NAME_LABELS:
            if names := item[field]:
                _say(f"      [dim]{label}:[/dim] {_names_cell(names)}")


def _split_text(split: dict, story_id: str) -> str:
    """A split as the page of either story says it."""
    count = len(split["articles"])
    articles = f"{count} article{'s' if count != 1 else ''}"
    how = f"when article {split['article'][:12]} showed two events, separation {split['separation']:.2f}"
    if split["story"] == story_id:
        return f"split: {articles} of another event moved to story {split['into']} ({how})"
    return f"split from story {split['story']}, which held this event too: its {articles} moved here ({how})"


def _review_nearly_joined(store, json_output: bool, limit: int, offset: int) -> None:
    """Stories that may be part of another (one event in two stories), likeliest first."""
    items, total = store.nearly_joined(limit=limit, offset=offset)
    if json_output:
        _print_json(items)
        return
    shown = _shown(len(items), total, offset, "story that may be part of another", "stories that may be part of another")
    console.print(f"[bold]{shown}[/bold], likeliest first (`storyline move --story STORY --to NEAREST` joins one to the other)")
    for item in items:
        _print_review_item(item, "began story")
        _say(f"      nearly joined story {item['nearest']}: {escape(_shorten(item['nearest_headline'] or '', 100))}")


def _print_review_item(item: dict, relation: str) -> None:
    """An article to check: its probability, id, title, outlet and day, and its story (``relation``: how it is
    in it, "in story" or "began story")."""
    count = item["story_articles"]
    console.print(f"\n[bold]{probability_text(item['probability'])}[/bold]  {item['article'][:12]}  "
                  f"{escape(item['title'] or '(no headline) ' + headline_from_lead(item['lead']))} [dim]({escape(item['outlet'] or 'unknown outlet')}, "
                  f"{item['published'] or 'undated'})[/dim]")
    _say(f"      {relation} {item['story']}: {escape(_shorten(item['story_headline'], 100))} "
         f"[dim]({count} article{'s' if count != 1 else ''})[/dim]")


@app.command()
def move(
    article_ids: Annotated[Optional[list[str]], typer.Argument(
        metavar="[ARTICLE...]",
        help="Articles to move (ids or unique prefixes); their copies go with them.")] = None,
    to: Annotated[str, typer.Option("--to", metavar="STORY", help="The story to move them to, or 'new' for a story of their own.")] = "",
    stories: Annotated[Optional[list[str]], typer.Option(
        "--story", metavar="STORY", help="Move every article of this story too (two stories that are one); repeatable.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="Why, kept with the record of the move.")] = None,
    detach: Annotated[bool, typer.Option(
        "--detach", help="Articles taken for copies are no copies: each moves alone, as an original (--to its own "
        "story unfolds it there).")] = False,
    db: DbOption = None, json_output: JsonOption = False,
) -> None:
    """Correct the grouping by hand: move articles to another story, split them off into a new one, or move a
    whole story into another."""
    from storyline.corrections import move_articles

    if not to:
        errors.print("[red]error:[/red] say where to: --to STORY, or --to new for a story of their own")
        raise typer.Exit(2)
    store = _open(db)
    result = _corrected(lambda: move_articles(store, article_ids or [], to, note, story_ids=stories or [],
                                              detach=detach))
    if json_output:
        _print_json(result.to_dict())
        return
    copies = f" (and {len(result.copies)} of their copies)" if result.copies else ""
    where = "a new story" if result.new_story else "story"
    unfolded = [move.article for move in result.moves if move.from_story == move.to_story]
    moved = len(result.moved) - len(unfolded)
    if moved:
        console.print(f"moved {moved} article{'s' if moved != 1 else ''}{copies} to {where} {result.story}, "
                      f"storyline {result.storyline}")
    if unfolded:
        console.print(f"unfolded {len(unfolded)} article{'s' if len(unfolded) != 1 else ''} as "
                      f"original{'s' if len(unfolded) != 1 else ''} in story {result.story}")
    _print_moved([f"{move.article[:12]}: from story {move.from_story}" for move in result.moves
                  if move.from_story != move.to_story])
    if result.already_there:
        console.print(f"[dim]already there: {', '.join(a[:12] for a in result.already_there)}[/dim]")
    if result.followers:
        ids = " ".join(a[:12] for a in result.followers)
        many = len(result.followers) != 1
        _say(f"{len(result.followers)} article{'s' if many else ''} left behind may have joined through the moved "
             f"ones (the nearest report {'each' if many else 'it'} could join is one of them): {ids}; "
             f"`storyline move {ids} --to {result.story}` moves {'them' if many else 'it'} too")


@app.command()
def relink(
    story_ids: Annotated[list[str], typer.Argument(metavar="STORY...", help="Stories to move (ids from `storyline stories`).")],
    to: Annotated[str, typer.Option("--to", metavar="STORYLINE", help="The storyline to move them to, or 'new' for one of their own.")],
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="Why, kept with the record of the move.")] = None,
    db: DbOption = None, json_output: JsonOption = False,
) -> None:
    """Correct a thread by hand: move stories to another storyline, or to a new one of their own."""
    from storyline.corrections import relink_stories

    store = _open(db)
    result = _corrected(lambda: relink_stories(store, story_ids, to, note))
    if json_output:
        _print_json(result.to_dict())
        return
    where = "a new storyline" if result.new_storyline else "storyline"
    console.print(f"moved {len(result.moved)} stor{'ies' if len(result.moved) != 1 else 'y'} to {where} "
                  f"{result.storyline}")
    _print_moved([f"{relink.story}: from storyline {relink.from_storyline}" for relink in result.relinks])
    if result.already_there:
        console.print(f"[dim]already there: {', '.join(result.already_there)}[/dim]")


@app.command()
def article(article_id: Annotated[str, typer.Argument(metavar="ARTICLE", help="Article id or a unique prefix of it.")],
            db: DbOption = None, json_output: JsonOption = False) -> None:
    """One article: title, clean body, removed parts with reasons, entities, quotes, dates."""
    store = _open(db)
    try:
        found = store.find_article_id(article_id)
    except ValueError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    item = store.get_article(found) if found else None
    if item is None:
        errors.print(f"[red]error:[/red] no article {escape(repr(article_id))}")
        raise typer.Exit(2)
    if json_output:
        from storyline.export import article_record

        _print_json(article_record(item))
        return
    console.print(Panel(escape(item.title or "(no title)"), title=f"article {item.id}",
                        subtitle=f"{escape(item.outlet or '?')} · {escape(_date_line(item))} · story {item.story}"
                                 + (f" ({_joined_text(item)})" if item.joined else "")))
    console.print(f"[dim]source:[/dim] {escape(item.source)}")
    if not item.published and item.published_estimate:  # the evidence is too long for the panel's border
        console.print(f"[dim]date:[/dim] about {item.published_estimate} from {escape(item.published_evidence or '?')}")
    if item.note:
        console.print(f"[yellow]{escape(item.note)}[/yellow]")
    _print_moves_by_hand(store.article_moves(item.id), None, "article", "story")
    for block in item.blocks:
        console.print(f"\n[bold]{escape(block.text)}[/bold]" if block.kind == "heading" else f"\n{escape(block.text)}")
    if item.removed:
        console.print(f"\n[bold]removed ({len(item.removed)})[/bold]")
        for removal in item.removed:
            _say(f"  [dim]{removal.kind}:[/dim] {escape(_shorten(removal.text, 100))}  [italic]({escape(removal.reason)})[/italic]")
    if item.entities:
        names: dict[tuple[str, str], int] = {}
        for entity in item.entities:
            names[(entity.canonical, entity.label)] = names.get((entity.canonical, entity.label), 0) + 1
        console.print("\n[bold]entities[/bold]: " + escape(", ".join(f"{n} ({label}, {c})" for (n, label), c in names.items())))
    if item.quotes:
        console.print("\n[bold]quotes[/bold]")
        for quote in item.quotes:
            who = quote.speaker or "?"
            written = f" as “{quote.speaker_mention}”" if quote.speaker_mention and quote.speaker_mention != who else ""
            _say(f"  {escape(who)}{escape(written)} [dim]({quote.kind}, {quote.cue or 'no cue'})[/dim]: “{escape(_shorten(quote.text, 160))}”")
    if item.dates:
        console.print("\n[bold]dates[/bold]: " + escape(", ".join(f"{d.text} → {d.value or '?'}" for d in item.dates)))


def _corrected(correction):
    """The result of a correction by hand; one that cannot be made is said, and nothing is changed."""
    from storyline.corrections import CorrectionError

    try:
        return correction()
    except (CorrectionError, StoreUnavailable) as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}; nothing was moved")
        raise typer.Exit(3 if isinstance(error, StoreUnavailable) else 2) from None


def _print_moved(lines: list[str]) -> None:
    for line in lines[:SHOWN_MOVES]:
        _say(f"  [dim]{escape(line)}[/dim]")
    _print_more(len(lines), SHOWN_MOVES)


def _print_moves_by_hand(moves: list[dict], here: str | None, what: str, where: str) -> None:
    """Records of moves by hand (``what``: "article" or "story", moved between ``where``: stories or storylines),
    as seen from ``here``: in, out, or (None) from where to where."""
    for move in moves:
        when = moment_text(move["moved_at"])
        moved = move[what][:12] if what == "article" else move[what]
        if move["from"] == move["to"]:  # a copy detached where it is
            line = f"unfolded by hand {when}: {what} {moved}, an original here"
        elif here is None:
            line = f"moved by hand {when} from {where} {move['from']} to {where} {move['to']}"
        elif move["to"] == here:
            line = f"moved in by hand {when}: {what} {moved} from {where} {move['from']}"
        else:
            line = f"moved out by hand {when}: {what} {moved} to {where} {move['to']}"
        console.print(f"[dim]{escape(line + (': ' + move['note'] if move['note'] else ''))}[/dim]")


def _date_line(item: Article) -> str:
    if item.published:
        return item.published
    if item.published_estimate:
        return f"about {item.published_estimate}"
    return "date unknown"


@app.command()
def export(
    what: Annotated[str, typer.Argument(metavar="KIND", help="What to export: articles, stories, storylines, quotes, merges "
                                                 "(stories found to be one), splits (a story found to hold two "
                                                 "events) or corrections (moves by hand).")],
    format: Annotated[Optional[str], typer.Option("--format", metavar="FORMAT", help="Output format: jsonl, json (one "
                                                       "array), csv or parquet (default: the --out file's extension, "
                                                       "else jsonl).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", metavar="FILE", help="File to write (default: standard output; "
                                                               "parquet needs a file).")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Articles only: add each article's media type and raw document, "
                                                    "byte for byte, base64-encoded (media_type, raw_base64).")] = False,
    db: DbOption = None,
) -> None:
    """Export stored articles, stories, storylines, quotations, merges, splits or corrections by hand as JSON
    lines, CSV or Parquet."""
    from storyline.export import FORMATS, KINDS, fields_of, records, write

    if what not in KINDS:
        errors.print(f"[red]error:[/red] cannot export {escape(repr(what))}; choose one of: {', '.join(KINDS)}")
        raise typer.Exit(2)
    if raw and what != "articles":
        errors.print(f"[red]error:[/red] --raw: only articles have raw documents, not {escape(what)}")
        raise typer.Exit(2)
    if format is None:  # "--out stories.csv" asks for CSV
        suffix = out.suffix.lower().lstrip(".") if out else ""
        format = suffix if suffix in FORMATS else "jsonl"
        if suffix and suffix not in FORMATS and suffix != "ndjson":  # "--out x.txt": say what it holds
            errors.print(f"[yellow]note:[/yellow] writing JSON lines into {escape(str(out))}: its name says no "
                         f"format storyline writes ({', '.join(FORMATS)}; or give --format)")
    if format not in FORMATS:
        errors.print(f"[red]error:[/red] unknown format {escape(repr(format))}; choose one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if format == "parquet" and out is None:
        errors.print("[red]error:[/red] parquet is binary: give a file with --out")
        raise typer.Exit(2)
    named = out.suffix.lower().lstrip(".") if out else ""
    if named in FORMATS and named != format:  # "--out x.parquet --format csv": the file's name would mislead
        errors.print(f"[yellow]note:[/yellow] writing {format} into {escape(str(out))}, whose name says {named}")
    if out is not None and (out.is_dir() or not out.absolute().parent.is_dir()):
        problem = "is a folder" if out.is_dir() else f"its folder {out.absolute().parent} does not exist"
        errors.print(f"[red]error:[/red] --out {escape(str(out))}: {problem}; give a file to write")
        raise typer.Exit(2)
    store = _open(db)
    try:
        if format == "parquet":
            count = write(records(store, what, raw), format, path=str(out), fields=fields_of(what, raw))
        else:
            stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
            try:
                count = write(records(store, what, raw), format, stream=stream, fields=fields_of(what, raw))
            finally:
                if out:
                    stream.close()
    except BrokenPipeError:  # "storyline export articles | head": the reader has all it wanted
        raise typer.Exit(0) from None
    except OSError as error:  # no room left, no permission
        where = f"--out {out}" if out else "standard output"
        errors.print(f"[red]error:[/red] {escape(where)}: cannot write: {escape(error.strerror or str(error))}")
        raise typer.Exit(2) from None
    if out:
        errors.print(f"exported {count} {what} to {escape(str(out))}")


@app.command("import")
def import_(
    what: Annotated[str, typer.Argument(metavar="KIND", help="What to import: corrections (moves by hand, as "
                                                             "`storyline export corrections` wrote them).")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The export: JSON lines, CSV or Parquet (by its "
                                                              "extension).")],
    db: DbOption = None, json_output: JsonOption = False,
) -> None:
    """Make corrections exported from another database here, oldest first: a database rebuilt from the same
    articles keeps its readers' moves. One already made here is left; one that cannot be made is said, and the
    rest are still made (exit status 1)."""
    from storyline.corrections import CorrectionError, import_corrections, read_corrections

    if what != "corrections":
        errors.print(f"[red]error:[/red] cannot import {escape(repr(what))}: only corrections are imported "
                     "(articles are ingested: `storyline ingest`)")
        raise typer.Exit(2)
    try:
        records, unread = read_corrections(file)
    except CorrectionError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    store = _open(db)
    try:
        report = import_corrections(store, records)
    except StoreUnavailable as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}; the corrections made before it are kept")
        raise typer.Exit(3) from None
    report.failed[:0] = unread
    if json_output:
        _print_json(report.to_dict())
    else:
        for title, lines in (("made", report.made), ("already made here", report.already),
                             ("failed", report.failed)):
            if lines:
                console.print(f"[bold]{title}[/bold] ({len(lines)})")
                for line in lines:
                    _say(f"  {escape(line)}")
        console.print(f"{len(report.made)} made, {len(report.already)} already made here, "
                      f"{len(report.failed)} failed")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, metavar="PORT", help="Port to listen on.")] = 8000,
    db: DbOption = None,
    token: Annotated[Optional[str], typer.Option("--token", metavar="TOKEN", envvar="STORYLINE_API_TOKEN",
                                                 help="Require this bearer token to write: push articles, "
                                                      "move articles, relink stories.")] = None,
    max_request_mb: Annotated[float, typer.Option("--max-request-mb", metavar="MB", help="Largest request body accepted.")] = 20.0,
    workers: Annotated[int, typer.Option("--workers", min=1, metavar="N", help="Server processes sharing the database "
                                         "(pushes are grouped one batch at a time across all of them).")] = 1,
) -> None:
    """Serve the web pages and the REST API (/api/v1, OpenAPI at /openapi.json)."""
    import os

    import uvicorn

    from storyline.web import MAX_REQUEST_ENV, TOKEN_ENV, create_app

    _check_settings()
    db = _database(db)
    max_request_bytes = int(max_request_mb * 1024 * 1024)
    try:  # opened here first: a bad database is said before any process starts, and migrations are applied once
        web_app = create_app(db, token=token, max_request_bytes=max_request_bytes)
    except Exception as error:
        errors.print(f"[red]error:[/red] cannot open database {escape(str(db or ''))}: {escape(str(error))}")
        raise typer.Exit(2) from None
    _check_listening(host, port)
    console.print(f"storyline on http://{host}:{port}/ (API: /api/v1, docs: /docs)"
                  + (f", {workers} processes" if workers > 1 else ""))
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
        return
    web_app.state.store.close()
    os.environ["STORYLINE_DB"] = database_url(db)  # each worker process builds its app from these
    os.environ[MAX_REQUEST_ENV] = str(max_request_bytes)
    if token:
        os.environ[TOKEN_ENV] = token
    uvicorn.run("storyline.web:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


def _check_listening(host: str, port: int) -> None:
    """End the command, status 2, when the address cannot be listened on (a port in use, an unknown host): said
    before the server says where it runs."""
    import socket

    try:  # the family uvicorn binds: IPv6 for an address with a colon, else IPv4 ("localhost" too)
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            pass
    except OSError as error:
        reason = escape(error.strerror or str(error))
        errors.print(f"[red]error:[/red] cannot listen on {escape(host)}:{port}: {reason}")
        raise typer.Exit(2) from None


@app.command("build-model")
def build_model(
    out: Annotated[Optional[Path], typer.Option("--out", metavar="FOLDER",
                                                     help="Folder for the model (default: the environment's share/storyline).")] = None,
) -> None:
    """Distil the static embedding model from the packaged MiniLM weights (offline, once)."""
    from storyline.cluster.embed import build_static_model

    path = build_static_model(out)
    errors.print(f"embedding model written to {escape(str(path))}")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def main() -> None:
    app()


if __name__ == "__main__":
    main()
