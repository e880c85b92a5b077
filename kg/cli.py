"""Command-line interface: a thin click layer over ``kg.pipeline`` and the stages.

Each command checks its arguments, calls one library function and formats the result.
``KGError`` (and OS errors on user-given files) become one ``Error: ...`` line and exit
status 1 here, and only here.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .cli_sparql import push, query, serve, store
from .errors import KGError, ValidationFailed

__all__ = ["cli"]


class KGGroup(click.Group):
    """Translates domain errors into one-line messages at the CLI boundary."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationFailed as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)
        except KGError as e:
            raise click.ClickException(str(e)) from e
        except OSError as e:
            where = f"{e.filename}: " if getattr(e, "filename", None) else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from e


def settings_options(f):
    """Options shared by commands that build or read reports."""
    @click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="pyproject.toml with a [tool.kg] table (default: ./pyproject.toml if present).")
    @click.option("--ontology", type=click.Path(path_type=Path), default=None, help="Ontology (Turtle).")
    @click.option("--shapes", type=click.Path(path_type=Path), default=None, help="SHACL shapes (Turtle).")
    @click.option("--lexicon-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                  help="Folder of lexicon TSV files.")
    @click.option("--curation-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                  help="Folder of curation files (<report-stem>.toml).")
    @click.option("--encoding", default=None, help="Force the reports' encoding (default: detect UTF-8/GB18030/UTF-16).")
    @click.option("--extractor", type=click.Choice(["rules", "rules+lac"]), default=None,
                  help="rules (default) or rules+lac: add Baidu LAC's ORG/LOC spans (optional extra kg[nlp]).")
    @functools.wraps(f)
    def wrapper(*args, config, ontology, shapes, lexicon_dir, curation_dir, encoding, extractor, **kwargs):
        from .config import load_settings

        pyproject = config if config is not None else (Path("pyproject.toml") if Path("pyproject.toml").exists() else None)
        settings = load_settings(pyproject, ontology=ontology, shapes=shapes, lexicon_dir=lexicon_dir,
                                 curation_dir=curation_dir, encoding=encoding, extractor=extractor)
        return f(*args, settings=settings, **kwargs)
    return wrapper


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Build, query and explore knowledge graphs of Chinese government reports."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))   # ingest says "permission denied" in one line
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              show_default=True, help="Where graph.ttl, graph.trig, graph.jsonld, graph.graphml, graph.html go.")
@click.option("--reasoner", type=click.Choice(["rules", "owlrl", "none"]), default="rules", show_default=True,
              help="OWL 2 RL engine: the ontology's rules (fast) or owlrl (reference).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--no-curate", is_flag=True, help="Ignore curation files: the extractor's raw output.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--build-time", default=None, help="Fix the PROV build time (ISO 8601); else SOURCE_DATE_EPOCH or now.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Worker processes for extraction (default: all cores; 1: no pool).")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Per-report results by content hash (default: .cache/kg).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--strict", is_flag=True, help="A broken report fails the build (default: skipped with a warning).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Build straight into this on-disk store (automatic, in OUTPUT_DIR/store, above "
                   "store_threshold reports); a store an earlier build left there is updated, not reloaded.")
@click.option("--validate-sample", type=click.IntRange(min=0), default=None,
              help="Store builds: SHACL-validate this many reports, evenly spread (0: all; default 20).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run the per-report work on this Dask scheduler's workers (same kg install on each).")
@settings_options
def build(paths, output_dir, reasoner, no_validate, no_curate, no_html, build_time, as_json, jobs, cache_dir,
          no_cache, strict, store_dir, validate_sample, scheduler, settings):
    """Build the graph of PATHS (report files or folders; default: data/reports).

    \b
    Example:
        kg build
        kg build data/reports/000_f755293a707b958a.txt -o build
        kg build data/reports data/dev --jobs 2
        kg build corpus/ --store build/store
        kg build corpus/ --scheduler tcp://10.0.0.5:8786
    """
    from dataclasses import replace

    from .config import default_report_paths
    from .corpus import build_store, defaults_warnings, wants_store
    from .pipeline import build as run_build
    from .pipeline import summarize, write_outputs

    settings = replace(settings, reasoner=reasoner, validate=not no_validate, curate=not no_curate, strict=strict,
                       jobs=settings.jobs if jobs is None else jobs,
                       cache_dir=None if no_cache else (cache_dir or settings.cache_dir),
                       validate_sample=settings.validate_sample if validate_sample is None else validate_sample,
                       scheduler=scheduler or settings.scheduler)
    paths = list(paths) or default_report_paths(settings)
    if store_dir is not None or wants_store(paths, settings):
        res = build_store(paths, settings, out_dir=output_dir, store_dir=store_dir, build_time=build_time,
                          html=not no_html, progress=True)
        skipped, summary, files, defaulted = res.skipped, res.summary, res.outputs, res.defaulted
    else:
        result = run_build(paths, settings, build_time=build_time, progress=True)
        files = write_outputs(result, output_dir, html=not no_html)
        skipped, summary, defaulted = result.skipped, summarize(result), result.defaulted
        summary["skipped"], summary["extracted"] = len(skipped), result.extracted
    for _, problem in skipped:
        click.echo(f"Warning: skipped {problem}", err=True)
    for w in defaults_warnings(defaulted):
        click.echo(f"Warning: {w}", err=True)
    summary["outputs"] = {k: str(v) for k, v in files.items()}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"reports: {summary['reports']}   triples: {summary['triples']} "
               f"({summary['inferred_triples']} inferred)")
    click.echo(f"entities: {summary['entities']}   relations: {summary['relations']}   "
               f"measures: {summary['measures']}   figures: {summary['observations']}")
    for cls, n in summary["entities_per_class"].items():
        click.echo(f"  {cls:<28}{n:>5}")
    valid = {True: "conforms", False: "does not conform", None: "skipped"}[summary["conforms"]]
    if "validated_reports" in summary and summary["conforms"] is not None:
        valid += f" ({summary['validated_reports']} of {summary['reports']} reports validated, one by one)"
    click.echo(f"SHACL validation: {valid}")
    if summary.get("store_update"):
        u = summary["store_update"]
        click.echo(f"store: the previous build's, updated ({u['loaded']} reports loaded, {u['removed']} removed, "
                   f"{u['kept']} as they were)")
    for path in files.values():
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--curated", is_flag=True, help="Apply curation files (default: the extractor's raw output).")
@settings_options
def extract(files, fmt, curated, settings):
    """Print what the extractor finds in FILES: entity mentions and figures.

    One JSON object per line: {"kind": "entity", "text", "class", "start", "end"} and
    {"kind": "quantity", "text", "value", "unit", "start", "end"}.

    Example:
        kg extract data/reports/000_f755293a707b958a.txt --format jsonl
    """
    from .extract.export import extraction_records
    from .pipeline import extract_paths

    for ex in extract_paths(files, settings, curate=curated):
        for rec in extraction_records(ex):
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False))
            else:
                extra = rec.get("class", "").rsplit("#", 1)[-1] if rec["kind"] == "entity" else f"{rec['value']} {rec['unit']}"
                click.echo(f"{rec['start']:>6}-{rec['end']:<6} {rec['kind']:<9} {rec['text']:<24} {extra}")


@cli.command(name="inspect")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--encoding", default=None, help="Force the encoding of text and HTML files (default: detect).")
def inspect_cmd(files, fmt, encoding):
    """Show what kg reads in report FILES: format, encoding, title, issuer, year, dates and
    identifiers (each with where it came from), and the page furniture removed.

    \b
    Example:
        kg inspect saved_page.html
        kg inspect data/reports/000_f755293a707b958a.txt --format json
    """
    from .inspect import format_table, inspect

    reports = [inspect(f, encoding=encoding) for f in files]
    if fmt == "json":
        click.echo(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
        return
    click.echo("\n\n".join(format_table(r) for r in reports))


@cli.command()
@click.argument("reports", nargs=-1)
@click.option("--issuer", default=None, help="Compare every edition of this issuer's series, year by year.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Built store to read when REPORTS are report IRIs or ids [default: build/store].")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
def compare(reports, issuer, store_dir, fmt):
    """Compare two editions of one report series (two report files, or two report IRIs or ids
    of a built store), or with --issuer every edition of an issuer's series: entities new,
    continued and dropped; figures side by side where indicator, unit and scope agree; last
    year's plans done, partly done or not mentioned. Exit 1 when the reports are not comparable.

    \b
    Example:
        kg compare reports/2023.txt reports/2024.txt
        kg compare --issuer 甲市乙区科学技术局 reports/ --format markdown
        kg compare REPORT_ID_1 REPORT_ID_2 --store build/store --format json
    """
    from dataclasses import replace

    from .config import load_settings
    from .ingest import find_reports
    from .pipeline import dataset_store
    from .series import comparisons_for, render, report_files

    files, store = report_files(tuple(reports)), None
    if files:   # the reports' own build (the one build path, from the cache), not validated: nothing is published;
        # a broken report is the comparison's error, not a report left out
        store = dataset_store(find_reports(files), replace(load_settings(None), validate=False), every_report=True)
    comparisons, warnings = comparisons_for(tuple(reports), issuer=issuer, store_dir=store_dir, store=store)
    for w in warnings:
        click.echo(f"Warning: {w}", err=True)
    click.echo(render(comparisons, fmt), nl=False)


@cli.command()
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--entail", is_flag=True,
              help="Check the graph's OWL 2 RL closure (a graph built with --reasoner none).")
@settings_options
def validate(graph, entail, settings):
    """Validate a built GRAPH against the SHACL shapes (exit 0 conforms, 1 not, 2 could not).

    The ontology's individuals (action types, figure units) are mixed into a copy of the graph.

    Example:
        kg validate build/graph.ttl
    """
    from .pipeline import load_ontology
    from .validate import validate as run_validate

    try:
        data = load_ontology(graph)
        shapes = load_ontology(settings.shapes)
        ontology = load_ontology(settings.ontology)
    except KGError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    report = run_validate(data, shapes=shapes, ontology=ontology, entail=entail)
    if report.conforms:
        click.echo(f"{graph}: conforms")
        return
    for v in report.results:
        click.echo(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    click.echo(f"{graph}: {len(report.results)} violation(s)", err=True)
    sys.exit(1)


# --- evaluation (kg eval) -------------------------------------------------------------
@cli.command(name="eval")
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of <report-stem>.gold.json files (default: data/gold).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--curated", is_flag=True, help="Score the curated output instead of the raw extractor.")
@click.option("--errors", is_flag=True, help="List false positives and negatives.")
@click.option("--real", "real_split", type=click.Choice(["dev", "aside", "all"]), default=None,
              help="Score the real-report set (data/real: public pages, texts not committed) instead.")
@settings_options
def eval_cmd(reports, gold_dir, fmt, curated, errors, real_split, settings):
    """Score the extractor against gold annotations: P/R/F1 for mentions, entities, figures, relations.

    REPORTS default to the seed (data/reports) and the development corpus (data/dev), which
    ship with kg with their gold (data/gold); the held-out reports (data/heldout) are scored
    only when named. Your own reports need a --gold-dir of <report-stem>.gold.json files.

    Example:
        kg eval
        kg eval data/dev --format json
    """
    from dataclasses import replace

    from .evaluate import combine, gold_path, load_gold, score
    from .pipeline import extract_paths
    from .resources import CURATION_DIR, DEV_DIR, GOLD_DIR, SEED_DIR

    if real_split:
        _eval_real(real_split, fmt, errors, settings)
        return
    gold_dir = gold_dir or GOLD_DIR
    paths = list(reports) or [SEED_DIR, DEV_DIR]    # shipped with kg, with their gold
    if not reports and not Path(settings.curation_dir).is_dir():
        settings = replace(settings, curation_dir=CURATION_DIR)   # the seed's, for --curated
    scores = []
    for ex in extract_paths(paths, settings, curate=curated):
        scores.append(score(ex, load_gold(gold_path(gold_dir, ex.document.source))))
    rows = scores + ([combine(scores)] if len(scores) > 1 else [])
    if fmt == "json":
        click.echo(json.dumps({"curated": curated, "reports": [s.as_dict(errors=errors) for s in rows]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{'report':<34}{'mentions F1':>12}{'entities F1':>12}{'figures F1':>12}{'relations F1':>13}")
    for s in rows:
        click.echo(f"{s.report:<34}" + "".join(f"{s.total(lv).f1:>12.3f}" for lv in
                                               ("mentions", "entities", "figures")) + f"{s.total('relations').f1:>13.3f}")
    if errors:
        for s in scores:
            for lv, e in s.errors.items():
                for kind in ("fp", "fn"):
                    for item in e[kind]:
                        click.echo(f"{s.report}\t{lv}\t{kind}\t{item}")


def _eval_real(split: str, fmt: str, errors: bool, settings) -> None:
    from .realset import error_lines, evaluate_split, format_table

    rows = evaluate_split(split, extractor=settings.extractor, lexicon_dir=settings.lexicon_dir)
    if fmt == "json":
        click.echo(json.dumps({"split": split, "reports": [r.as_dict(errors=errors) for r in rows]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(format_table(rows))
    if errors:
        for line in error_lines(rows[:-1]):
            click.echo(line)


# --- interactive views (kg viz) --------------------------------------------------------
@cli.command()
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/graph.ttl"), show_default=True, help="Built graph (.ttl, .nt, .trig, .jsonld...).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: build/<view>.html; build/graph.html for entities).")
@click.option("--view", type=click.Choice(["entities", "measures", "ontology"]), default="entities", show_default=True)
@click.option("--class", "classes", multiple=True, help="Keep entities of this class (and its subclasses); repeatable.")
@click.option("--focus", default=None, help="Show the neighbourhood of the entity with this label or alias.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --focus.")
@click.option("--max-nodes", type=click.IntRange(min=0), default=400, show_default=True,
              help="Draw at most this many nodes, the best connected (0: all).")
@click.option("--ontology", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Ontology (Turtle).")
def viz(graph_path, output, view, classes, focus, depth, max_nodes, ontology):
    """Write an interactive, self-contained HTML view of a built graph (works offline).

    \b
    Example:
        kg viz
        kg viz --view measures -o build/measures.html
        kg viz --view ontology
        kg viz --focus 某区科技局 --depth 2 --class Organization
    """
    from .config import load_settings
    from .pipeline import load_ontology
    from .views import write_view

    onto_path = ontology or load_settings(Path("pyproject.toml") if Path("pyproject.toml").exists() else None).ontology
    out = output or Path("build") / ("graph.html" if view == "entities" else f"{view}.html")
    v = write_view(graph_path, out, ontology=load_ontology(onto_path), view=view, classes=classes, focus=focus,
                   depth=depth, max_nodes=max_nodes)
    click.echo(f"wrote {out}: {v.graph.number_of_nodes()} nodes, {v.graph.number_of_edges()} edges "
               f"({view} view, {v.total} in all)")


# --- SPARQL: kg query, kg store, kg serve, kg push ---------------------------------------


for _command in (query, store, serve, push):
    cli.add_command(_command)
