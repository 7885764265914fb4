"""Commands of the evidence module: `hisab evidence add|verify|similar|show|list|export|head|timestamp`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, err_console, print_json, store_from
from hisab.config import vault_dir

VaultOpt = Annotated[Path | None, typer.Option("--vault", envvar="HISAB_VAULT",
                                               help="Vault folder (default: ./vault).")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Who does this (recorded in the custody log).")]

evidence_app = typer.Typer(help="Preserve and verify evidence files (photos, video, documents).",
                           no_args_is_help=True)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr (stdout stays clean for --json); yields a (done, total) callback."""
    with Progress(*Progress.get_default_columns(), console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _vault(path: Path | None):
    from hisab.evidence.vault import Vault

    return Vault.open(path or vault_dir())


@evidence_app.command("add")
def add_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (taken in recursively).")],
    incident: Annotated[int | None, typer.Option("--incident", help="Link the items to this incident id.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the files came from.")] = None,
    collected_by: Annotated[str | None, typer.Option("--collected-by", help="Who collected them.")] = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Store the good files, report the bad.")] = False,
    no_exiftool: Annotated[bool, typer.Option("--no-exiftool", help="Use the pure-Python reader.")] = False,
    trust: Annotated[list[Path] | None, typer.Option("--trust", help="Extra C2PA trust anchors (PEM).")] = None,
    vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Take files into the vault by SHA-256, with metadata, C2PA verdict and custody.

    Example: hisab evidence add ./drop --incident 12 --source "Telegram channel" --collected-by rania
    """
    from hisab.evidence import add

    with _progress("Storing files") as tick:
        result = add(store_from(db), _vault(vault), paths, incident_id=incident, source=source,
                     collected_by=collected_by, skip_bad=skip_bad, use_exiftool=not no_exiftool,
                     trust_anchors=trust, progress=tick)
    for path, reason in result.rejected:
        err_console.print(f"skipped {path}: {reason}", markup=False, highlight=False, soft_wrap=True)
    if json:
        print_json([i.to_json() for i in result.items])
        return
    table = Table("id", "sha256", "media type", "C2PA", "capture time", "file")
    for i in result.items:
        table.add_row(str(i.id), i.sha256[:16] + "…", i.media_type or "", i.c2pa["state"],
                      i.capture_time or "", i.original_filename + (" (already stored)" if i.duplicate else ""))
    console.print(table)
    for i in result.items:
        for warning in i.warnings:
            err_console.print(f"{i.original_filename}: {warning}", markup=False, highlight=False, soft_wrap=True)


@evidence_app.command("verify")
def verify_cmd(
    all_signatures: Annotated[bool, typer.Option("--all-signatures",
                                                 help="Check every event's signature, not just the head's.")] = False,
    actor: ActorOpt = None, vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Re-hash every stored file and re-check the custody chain; exit code 1 on any problem."""
    from hisab.evidence import verify

    with _progress("Re-hashing files") as tick:
        report = verify(store_from(db), _vault(vault), all_signatures=all_signatures, actor=actor,
                        progress=tick)
    if json:
        print_json(report.to_json())
    else:
        console.print(f"{report.items_checked} file(s) re-hashed, {report.events_checked} custody event(s) "
                      f"checked; head {report.head or '-'}")
        for problem in report.problems:
            err_console.print(f"PROBLEM {problem}", markup=False, highlight=False, soft_wrap=True)
        if report.ok:
            console.print("OK: every file matches its hash and the custody chain is intact.")
    if not report.ok:
        raise typer.Exit(1)


@evidence_app.command("similar")
def similar_cmd(
    item: Annotated[str, typer.Argument(help="Item id or SHA-256 prefix.")],
    threshold: Annotated[int, typer.Option(help="Max differing bits of 64.")] = 10,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Near-duplicates of an item (resized, re-encoded, trimmed copies): candidates for human review."""
    from hisab.evidence import similar

    matches = similar(store_from(db), item, threshold)
    if json:
        print_json([{**m.item, "distance": m.similarity.distance, "frame_share": m.similarity.share}
                    for m in matches])
        return
    table = Table("id", "sha256", "media type", "distance", "frames matched", "file")
    for m in matches:
        table.add_row(str(m.item["id"]), m.item["sha256"][:16] + "…", m.item["media_type"] or "",
                      str(m.similarity.distance), f"{m.similarity.share:.0%}", m.item["original_filename"] or "")
    console.print(table if matches else "No near-duplicates.")


@evidence_app.command("show")
def show_cmd(item: Annotated[str, typer.Argument(help="Item id or SHA-256 prefix.")], actor: ActorOpt = None,
             vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False) -> None:
    """Everything about one item: metadata, dates, C2PA verdict and custody history (a `view` event)."""
    from hisab.evidence import show

    data = show(store_from(db), _vault(vault), item, actor)
    if json:
        print_json(data)
        return
    for key in ("id", "sha256", "media_type", "size", "original_filename", "capture_time", "gps", "device",
                "metadata_tool", "metadata_missing", "incidents", "path"):
        console.print(f"[bold]{key}[/]: {escape(str(data[key]))}", highlight=False)
    console.print(f"[bold]c2pa[/]: {data['c2pa']['state']} — {escape(data['c2pa_detail'].get('note', ''))}")
    if (data["capture"] or {}).get("value"):
        console.print(f"[bold]capture rule[/]: {data['capture']['rule']} (used {data['capture']['tag']})")
    for d in data["dates"]:
        console.print(f"  date {d['tag']}: {d['raw']}", markup=False, highlight=False, soft_wrap=True)
    for e in data["custody"]:
        console.print(f"  custody {e['seq']} {e['at']} {e['action']} by {e['actor'] or '-'}", markup=False)


@evidence_app.command("list")
def list_cmd(incident: Annotated[int | None, typer.Option("--incident")] = None, db: DbOpt = None,
             json: JsonOpt = False) -> None:
    """List items, optionally those linked to one incident."""
    from hisab.evidence import list_items

    items = list_items(store_from(db), incident)
    if json:
        print_json(items)
        return
    table = Table("id", "sha256", "media type", "C2PA", "capture time", "file")
    for i in items:
        table.add_row(str(i["id"]), i["sha256"][:16] + "…", i["media_type"] or "", i["c2pa"]["state"],
                      i["capture_time"] or "", i["original_filename"] or "")
    console.print(table)


@evidence_app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="New folder for the BagIt package.")],
    incident: Annotated[int | None, typer.Option("--incident", help="Export this incident's items.")] = None,
    item: Annotated[list[str] | None, typer.Option("--item", help="Also export this item (id or hash).")] = None,
    actor: ActorOpt = None, vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Write a BagIt package (originals, metadata, custody log and signature, HTML index) for a court.

    Example: hisab evidence export --incident 12 ./incident-12-bag   (check with: bagit.py --validate)
    """
    from hisab.evidence.export import export

    result = export(store_from(db), _vault(vault), out, incident_id=incident, items=item, actor=actor)
    data = {"path": str(result.path), "items": result.items, "events": result.events, "head": result.head}
    if json:
        print_json(data)
    else:
        console.print(f"Wrote {result.items} item(s) and {result.events} custody event(s) to {result.path}")


@evidence_app.command("head")
def head_cmd(vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False) -> None:
    """Print the custody chain head (seq, hash, signature, public key) to keep safe somewhere else."""
    from hisab.evidence import custody
    from hisab.evidence.keys import load_public_key, public_pem

    v = _vault(vault)
    with store_from(db).session() as s:
        rows = custody.read_chain(s)
    last = rows[-1] if rows else None
    data = {"seq": last.seq if last else 0, "hash": last.event_hash if last else None,
            "signature": last.signature if last else None, "at": custody.utc_text(last.at) if last else None,
            "public_key": public_pem(load_public_key(v.root)).decode() if last else None}
    if json:
        print_json(data)
    else:
        console.print(f"custody head: event {data['seq']} hash {data['hash']}", highlight=False)


timestamp_app = typer.Typer(help="RFC 3161 timestamps of the custody chain head (offline queue).",
                            no_args_is_help=True)
evidence_app.add_typer(timestamp_app, name="timestamp")


@timestamp_app.command("request")
def timestamp_request_cmd(vault: VaultOpt = None, db: DbOpt = None) -> None:
    """Queue a timestamp request for the chain head; prints the .tsq file to send to a TSA."""
    from hisab.evidence.timestamp import request_head

    path = request_head(store_from(db), _vault(vault))
    console.print(f"{path}\nSend it when online, e.g.: curl -H 'Content-Type: application/timestamp-query' "
                  f"--data-binary @{path} https://freetsa.org/tsr > reply.tsr", highlight=False, soft_wrap=True)


@timestamp_app.command("import")
def timestamp_import_cmd(
    reply: Annotated[Path, typer.Argument(help="The TSA's reply (.tsr).")],
    tsa_cert: Annotated[Path, typer.Option("--tsa-cert", help="The TSA's certificate (PEM).")],
    root_cert: Annotated[Path, typer.Option("--root-cert", help="The TSA's root certificate (PEM).")],
    intermediate: Annotated[list[Path] | None, typer.Option("--intermediate", help="Intermediate certs.")] = None,
    actor: ActorOpt = None, vault: VaultOpt = None, db: DbOpt = None,
) -> None:
    """Verify a TSA reply offline against its queued request and store the token."""
    from hisab.evidence.timestamp import import_reply

    token = import_reply(store_from(db), _vault(vault), reply, tsa_cert, root_cert, intermediate, actor)
    console.print(f"Timestamped custody event {token.seq} ({token.head_hash}) at {token.gen_time}",
                  highlight=False)


@evidence_app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="A hash manifest (.csv), or a tool's result folder or zip.")],
    tool: Annotated[str, typer.Option("--from", help="manifest | auto-archiver | proofmode")] = "manifest",
    incident: Annotated[int | None, typer.Option("--incident", help="Link the items to this incident.")] = None,
    collected_by: Annotated[str | None, typer.Option("--collected-by")] = None,
    vault: VaultOpt = None, db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Import files with the hashes another tool recorded (legacy MD5 checked, never computed anew).

    Example: hisab evidence import proof.zip --from proofmode
    """
    from hisab.evidence.errors import EvidenceError
    from hisab.evidence.interop import import_bundle, import_manifest

    if tool == "manifest":
        report = import_manifest(store_from(db), _vault(vault), path, collected_by=collected_by,
                                 incident_id=incident)
    elif tool in ("auto-archiver", "proofmode"):
        report = import_bundle(store_from(db), _vault(vault), path, tool=tool, collected_by=collected_by,
                               incident_id=incident)
    else:
        raise EvidenceError(f"--from {tool!r}: expected manifest, auto-archiver or proofmode")
    if json:
        print_json({"items": [i.to_json() for i in report.items], "confirmed": report.confirmed,
                    "missing": [{"sha256": h, "claimed_in": f} for h, f in report.missing]})
        return
    console.print(f"Imported {len(report.items)} file(s); {len(report.confirmed)} hash(es) confirmed by the "
                  f"tool's own records.")
    for sha, side in report.missing:
        err_console.print(f"{side} claims {sha}, which is not in the bundle", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the `evidence` command group."""
    app.add_typer(evidence_app, name="evidence")
