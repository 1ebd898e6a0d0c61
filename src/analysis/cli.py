"""The ``bkbk`` command: demo data, validation, regions, metrics and reports."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.table import Table

from analysis.reference.geography import CODINGS
from analysis.reference.paths import DEMO_DIR, REPORTS_DIR
from analysis.reference.province import NATIONAL

# Tables stay readable when the output goes to a file or a CI log (no terminal width).
WIDTH_WITHOUT_TERMINAL = 160
console = Console(width=None if sys.stdout.isatty() else WIDTH_WITHOUT_TERMINAL)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else WIDTH_WITHOUT_TERMINAL)


def dataset_folder(text: str) -> str:
    """An argparse type: a dataset folder, refused when the path is a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{path} is a file; give the dataset folder (the folder holding dataset.toml)")
    return text


def output_folder(text: str) -> str:
    """An argparse type: a folder to write into, refused when it or a folder above it is a
    file (nothing can be made below a file)."""
    path = Path(text)
    for folder in (path, *path.parents):
        if folder.exists():
            if not folder.is_dir():
                raise argparse.ArgumentTypeError(
                    f"{folder} is a file, so {path} cannot be a folder; choose another folder")
            break
    return text


def worker_count(text: str) -> int:
    """An argparse type: a number of worker processes, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return count


def cmd_regions(args: argparse.Namespace) -> int:
    """Print a province's regencies (every province's when national) with their numbers of
    kecamatan and villages."""
    from analysis.reference.geography import basis, province_code, province_name, villages
    from analysis.reference.province import use_province
    from analysis.text.formatting import format_number

    if args.province:
        use_province(args.province)
    table = Table(title=f"{province_name()} (kode Kemendagri {province_code()}, "
                        f"kode desa {args.coding or basis()})")
    for name, justify in [("Kode", "left"), ("Kabupaten/Kota", "left"), ("Kecamatan", "right"),
                          ("Kelurahan", "right"), ("Desa", "right"), ("Desa/Kel.", "right")]:
        table.add_column(name, justify=justify, no_wrap=True)
    frame = villages(args.coding)
    for (code, name), group in frame.groupby(["regency_code", "regency_name"]):
        kel = int((group["village_type"] == "kelurahan").sum())
        table.add_row(code, name, format_number(group["district_code"].nunique()),
                      format_number(kel), format_number(len(group) - kel),
                      format_number(len(group)))
    kel = int((frame["village_type"] == "kelurahan").sum())
    table.add_row(province_code(), province_name(), format_number(frame["district_code"].nunique()),
                  format_number(kel), format_number(len(frame) - kel),
                  format_number(len(frame)), style="bold")
    console.print(table)
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    """Write the deterministic synthetic dataset."""
    from analysis.demo import write_demo_dataset

    write_demo_dataset(Path(args.out), seed=args.seed, console=console, province=args.province)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a dataset folder and name its village coding; exit 1 when it has errors."""
    from analysis.inputs.loading import inspect_dataset
    from analysis.inputs.validation import print_issues
    from analysis.reference.geography import CODING_DESCRIPTIONS

    meta, _, issues = inspect_dataset(Path(args.data))
    print_issues(issues, console=console)
    if meta is not None:
        console.print(f"Village codes: {CODING_DESCRIPTIONS[meta.village_coding]}")
    return 1 if any(i.severity == "error" for i in issues) else 0


def cmd_metrics(args: argparse.Namespace) -> int:
    """Print (or write to ``--out``) the metrics.json content for a scope and quarter, or
    of every scope with ``--scope all``."""
    from analysis.inputs.province import use_dataset_geography

    use_dataset_geography(Path(args.data), args.coding)  # the province the scope belongs to
    if args.scope.strip().lower() == NATIONAL:
        result = _every_scope_metrics(Path(args.data), args.period)
    else:
        from analysis.inputs.opening import open_dataset
        from analysis.metrics.scope_metrics import compute_metrics
        from analysis.reference.periods import quarter_for
        from analysis.reference.scope import Scope

        dataset = open_dataset(Path(args.data))
        scope = Scope.resolve(args.scope)
        result = compute_metrics(dataset, scope, quarter_for(dataset, args.period))
    if args.out:
        from analysis.atomic import write_json

        write_json(Path(args.out), result)
        console.print(f"Wrote {args.out}")
    else:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def _every_scope_metrics(data: Path, period: str) -> dict[str, dict]:
    """Metrics of every regency and province (and the nation in a national run), with a
    progress bar on stderr. The dataset is loaded by the fast checked path; the dataset
    cache is neither read nor written (it holds only fully loaded datasets)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from analysis.inputs.dataset import TABLES
    from analysis.inputs.fast_loading import load_large_dataset
    from analysis.inputs.opening import dataset_folder
    from analysis.metrics.national import SCOPE_STEPS, compute_every_scope

    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task("dataset", total=len(TABLES) + 1 + len(SCOPE_STEPS))

        def step(name: str) -> None:
            progress.update(task, advance=1, description=name)

        dataset = load_large_dataset(dataset_folder(data).resolve(), progress=step)
        result = compute_every_scope(dataset, period, progress=step)
        progress.update(task, completed=progress.tasks[0].total,
                        description=f"{len(result)} scopes")
    return result


def cmd_cache(args: argparse.Namespace) -> int:
    """Show (or remove) the dataset cache."""
    from analysis.inputs import cache

    root = cache.cache_root()
    if args.clear:
        cache.clear()
        console.print(f"Removed the dataset cache {root}")
        return 0
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    size = sum(f.stat().st_size for folder in folders for f in folder.rglob("*") if f.is_file())
    console.print(f"Dataset cache: {root} ({len(folders)} version(s), {size / 1e6:.1f} MB); "
                  f"[bold]bkbk cache --clear[/] removes it.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Render the quarterly reports."""
    from analysis.run.runner import ReportRequest, run_reports

    request = ReportRequest(
        data=Path(args.data) if args.data else None,
        period=args.period,
        regencies=args.regency,
        out=Path(args.out),
        formats=tuple(args.formats.split(",")),
        lang=args.lang,
        audience=args.audience,
        jobs=args.jobs,
        force=args.force,
        scheduler=args.scheduler,
        coding=args.coding or "",
    )
    return run_reports(request, console=console)


def cmd_reconcile(args: argparse.Namespace) -> int:
    """Reconcile the village lists with BPJS records; write the JSON and the workbooks."""
    from analysis.outputs.reconciliation import ReconcileRequest, run_reconcile

    request = ReconcileRequest(data=Path(args.data) if args.data else None, period=args.period,
                               regencies=args.regency, out=Path(args.out),
                               coding=args.coding or "")
    run_reconcile(request, console=console)
    return 0


def _coding_option(parser: argparse.ArgumentParser, folder: str = "") -> None:
    where = f"; files in another coding than the basis go to {folder}" if folder else ""
    parser.add_argument("--coding", default=None, choices=CODINGS,
                        help="village codes the figures are made in: the 2022 basis or "
                             "Kepmendagri 2025 (144 kecamatan in Jambi), whatever the "
                             f"dataset's (default: the province's basis){where}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``bkbk``."""
    parser = argparse.ArgumentParser(
        prog="bkbk", description="BKBK Jamsostek analytics for Jambi Province."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("regions", help="list a province's kabupaten/kota with kecamatan and "
                                       "villages (default: Jambi's 11)")
    p.add_argument("--coding", default=None, choices=CODINGS,
                   help="village codes of the 2022 basis or of Kepmendagri 2025 (default: the "
                        "province's basis: 2022 for Jambi, 2025 for every other province)")
    p.add_argument("--province", default=None,
                   help="province code, e.g. 32, or 'all' for every province (default: Jambi)")
    p.set_defaults(func=cmd_regions)

    p = sub.add_parser("demo-data", help="write the deterministic synthetic dataset")
    p.add_argument("--out", default=str(DEMO_DIR), type=output_folder,
                   help="output folder (default: data/demo)")
    p.add_argument("--seed", type=int, default=2022, help="random seed (default: 2022)")
    p.add_argument("--province", default=None,
                   help="province code (default: Jambi, calibrated to its published figures); "
                        "another province, e.g. 32, on the national default parameters, or "
                        "'all' for the national dataset (about 84 thousand villages and 6 "
                        "million enrolments, a few minutes), which has no village lists "
                        "(village_lists.csv), so bkbk reconcile needs a province's dataset")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("validate", help="check a dataset folder against the contract")
    p.add_argument("data", type=dataset_folder, help="dataset folder")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("metrics", help="print metrics.json for a scope and quarter")
    p.add_argument("--data", default=str(DEMO_DIR), type=dataset_folder,
                   help="dataset folder (default: demo)")
    p.add_argument("--scope", default="province",
                   help="regency code or name, or the province (its code or 'province', the "
                        f"default), or '{NATIONAL}': every regency, every province and the "
                        f"nation, keyed by code (the nation as '{NATIONAL}')")
    p.add_argument("--period", default="latest", help="quarter YYYYQn or 'latest'")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="write the JSON to this file (default: print it)")
    _coding_option(p)
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("cache", help="show where the dataset cache is, or remove it")
    p.add_argument("--clear", action="store_true", help="remove every cached dataset")
    p.set_defaults(func=cmd_cache)

    p = sub.add_parser("report", help="render HTML/PDF reports, index, Excel and slides")
    p.add_argument("--data", default=None, type=dataset_folder,
                   help="dataset folder (default: demo, built on first use)")
    p.add_argument("--period", default="latest", help="quarter YYYYQn (default: latest complete)")
    p.add_argument("--regency", action="append", default=None,
                   help="regency code or name, or the province; repeat for several (default: "
                        "all plus province; national data: every province and regency, a "
                        "province by its code, e.g. 32)")
    p.add_argument("--out", default=str(REPORTS_DIR), type=output_folder,
                   help="output folder (default: reports)")
    p.add_argument("--formats", default="html,pdf", help="comma list of html,pdf")
    p.add_argument("--lang", default="id", choices=["id", "en"])
    p.add_argument("--audience", default="public", choices=["public", "internal"])
    p.add_argument("--jobs", type=worker_count, default=None,
                   help="worker processes (default: cores)")
    p.add_argument("--force", action="store_true", help="render even when nothing changed")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="render on the Dask cluster of this scheduler, e.g. tcp://HOST:8786 "
                        "(default: local worker processes)")
    _coding_option(p, "<period>-kode2025/")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("reconcile", help="village lists against BPJS records: JSON and "
                                         "follow-up workbooks for camat and lurah")
    p.add_argument("--data", default=None, type=dataset_folder,
                   help="dataset folder (default: demo, built on first use)")
    p.add_argument("--period", default="latest", help="quarter YYYYQn (default: latest complete)")
    p.add_argument("--regency", action="append", default=None,
                   help="regency code or name; repeat for several (default: all 11)")
    p.add_argument("--out", default=str(REPORTS_DIR), type=output_folder,
                   help="output folder (default: reports); files go to <period>-rekonsiliasi/")
    _coding_option(p, "<period>-rekonsiliasi-kode2025/")
    p.set_defaults(func=cmd_reconcile)
    return parser


class Stopped(KeyboardInterrupt):
    """SIGTERM (a scheduler or service manager stopping the command), handled as Ctrl-C is:
    the running work ends cleanly and the worker processes with it."""


def _stop(signum, frame) -> None:
    raise Stopped()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run a sub-command, turning known errors into clear messages."""
    from analysis.inputs.dataset import DatasetError
    from analysis.reference.geography import UnknownRegionError
    from analysis.run.cluster import ClusterError

    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()  # signals need it
    stop_on_term = signal.signal(signal.SIGTERM, _stop) if in_main_thread else None
    try:
        code = args.func(args)
    except KeyboardInterrupt as exc:
        received = signal.SIGTERM if isinstance(exc, Stopped) else signal.SIGINT
        err_console.print(f"[bold red]Stopped[/] ({received.name}). Every file written is "
                          "complete; a new run renders what is missing.")
        code = 128 + received
    except DatasetError as exc:
        from analysis.inputs.validation import print_issues

        err_console.print(f"[bold red]Dataset {args.data or DEMO_DIR} cannot be used:[/]")
        print_issues(exc.issues, console=err_console)
        code = 1
    except (UnknownRegionError, ValueError, FileNotFoundError, ClusterError) as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        code = 2
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, stop_on_term)
    sys.exit(code)
