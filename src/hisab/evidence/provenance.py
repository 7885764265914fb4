"""C2PA provenance: read and validate Content Credentials offline, and give one verdict per file.

Verdicts: `none` (no manifest: provenance unknown, which proves nothing, since stripping metadata or
uploading to most platforms removes it), `valid` (manifests intact; `trusted` says whether the signer
chains to a configured anchor) or `invalid` (the media bytes changed after signing, or a claim signature
does not verify), naming which manifest failed: the active one or an ingredient's.

No network, ever: remote manifest fetching and OCSP are off. Trust anchors are PEM files added to the
SDK's built-in list (`user_anchors`); `signingCredential.untrusted` means "we do not know who signed",
not tampering, so it never makes a verdict invalid.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

NO_MANIFEST_NOTE = (
    "no C2PA manifest: provenance unknown. This proves nothing either way: stripping metadata, "
    "re-encoding or uploading to most platforms removes Content Credentials."
)
TRUST_CODES = ("signingCredential.untrusted", "cawg.x509.credential.untrusted", "signingCredential.ocsp")
NON_FAILURES = ("signingCredential.ocsp.skipped",)


@dataclass
class Failure:
    """One validation failure and where it is: `active manifest` or `ingredient <title>`."""

    where: str
    manifest: str | None
    code: str
    explanation: str | None


@dataclass
class ProvenanceVerdict:
    """The verdict on one file's Content Credentials."""

    state: str  # "none" | "valid" | "invalid"
    codes: list[str] = field(default_factory=list)
    trusted: bool = False
    sdk_state: str | None = None
    failures: list[Failure] = field(default_factory=list)
    note: str = ""
    manifest_count: int = 0
    title: str | None = None
    claim_generator: str | None = None
    signer: dict[str, Any] | None = None
    actions: list[str] = field(default_factory=list)
    ingredients: list[str] = field(default_factory=list)
    sdk: str = ""
    report: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        """The fixed JSON shape scripts rely on: {"state", "codes"}."""
        return {"state": self.state, "codes": list(self.codes)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ProvenanceChecker:
    """Validates files with one offline c2pa Context; extra trust anchors come from PEM files."""

    def __init__(self, trust_anchors: list[Path] | None = None):
        import c2pa

        self._c2pa = c2pa
        settings: dict[str, Any] = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
        if trust_anchors:
            settings["trust"] = {"user_anchors": "\n".join(Path(p).read_text() for p in trust_anchors)}
        self.context = c2pa.Context.from_dict(settings)
        self.supported = {m.lower() for m in c2pa.Reader.get_supported_mime_types()}
        self.sdk = f"c2pa-python {getattr(c2pa, '__version__', '')} sdk {c2pa.sdk_version()}".strip()

    def check(self, path: Path, media_type: str) -> ProvenanceVerdict:
        """The verdict for one file whose media type was sniffed from its bytes (never its name)."""
        if media_type.lower() not in self.supported:
            return ProvenanceVerdict("none", note=f"{NO_MANIFEST_NOTE} ({media_type} cannot carry C2PA "
                                     "as far as this reader knows)", sdk=self.sdk)
        c2pa = self._c2pa
        try:
            with open(path, "rb") as handle, c2pa.Reader(media_type, handle, context=self.context) as reader:
                return self._verdict(reader)
        except c2pa.C2paError.ManifestNotFound:
            return ProvenanceVerdict("none", note=NO_MANIFEST_NOTE, sdk=self.sdk)
        except c2pa.C2paError as exc:
            return ProvenanceVerdict(
                "invalid", codes=["manifest.unreadable"], note=f"a C2PA manifest is present but cannot be "
                f"read: {exc}", failures=[Failure("active manifest", None, "manifest.unreadable", str(exc))],
                sdk=self.sdk)

    def _verdict(self, reader: Any) -> ProvenanceVerdict:
        report = json.loads(reader.json())
        sdk_state = reader.get_validation_state()
        codes = [s["code"] for s in report.get("validation_status") or []]
        results = reader.get_validation_results() or {}
        failures = _failures(results, report)
        active = reader.get_active_manifest() or {}
        invalid = sdk_state == "Invalid" or bool(failures)
        verdict = ProvenanceVerdict(
            state="invalid" if invalid else "valid", codes=codes, trusted=sdk_state == "Trusted",
            sdk_state=sdk_state, failures=failures, manifest_count=len(report.get("manifests") or {}),
            title=active.get("title"), claim_generator=_generator(active), signer=active.get("signature_info"),
            actions=_actions(active), ingredients=[i.get("title") or "?" for i in active.get("ingredients", [])],
            sdk=self.sdk, report=report,
        )
        verdict.note = _note(verdict)
        return verdict


def _failures(results: dict[str, Any], report: dict[str, Any]) -> list[Failure]:
    out: list[Failure] = []
    active_label = report.get("active_manifest")
    for status in (results.get("activeManifest") or {}).get("failure", []):
        if not status["code"].startswith(TRUST_CODES):
            out.append(Failure("active manifest", active_label, status["code"], status.get("explanation")))
    titles = _ingredient_titles(report)
    for delta in results.get("ingredientDeltas") or []:
        for status in (delta.get("validationDeltas") or {}).get("failure", []):
            if status["code"].startswith(TRUST_CODES):
                continue
            label = _manifest_of(status.get("url", ""))
            where = f"ingredient {titles.get(label, label or '?')}"
            out.append(Failure(where, label, status["code"], status.get("explanation")))
    return out


def _ingredient_titles(report: dict[str, Any]) -> dict[str, str]:
    titles = {}
    for manifest in (report.get("manifests") or {}).values():
        for ingredient in manifest.get("ingredients", []):
            if ingredient.get("active_manifest"):
                titles[ingredient["active_manifest"]] = ingredient.get("title") or "?"
    return titles


def _manifest_of(url: str) -> str | None:
    marker = "/c2pa/"
    if marker not in url:
        return None
    return url.split(marker, 1)[1].split("/", 1)[0]


def _generator(active: dict[str, Any]) -> str | None:
    if active.get("claim_generator"):
        return str(active["claim_generator"])
    info = active.get("claim_generator_info") or []
    return "; ".join(f"{i.get('name', '')} {i.get('version', '')}".strip() for i in info) or None


def _actions(active: dict[str, Any]) -> list[str]:
    actions = []
    for assertion in active.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            actions += [a.get("action", "?") for a in assertion.get("data", {}).get("actions", [])]
    return actions


def _note(v: ProvenanceVerdict) -> str:
    if v.state == "invalid":
        parts = [f"{f.where}: {f.code}" for f in v.failures] or [f"SDK state {v.sdk_state}"]
        meaning = []
        if any("dataHash" in f.code or "bmffHash" in f.code or "boxHash" in f.code for f in v.failures):
            meaning.append("the media bytes changed after signing")
        if any(f.code == "claimSignature.mismatch" for f in v.failures):
            meaning.append("a claim signature does not verify (manifest altered or forged)")
        return "invalid C2PA: " + "; ".join(parts) + (f" — {'; '.join(meaning)}" if meaning else "")
    who = "signer trusted" if v.trusted else "signer not on a configured trust list (who signed is unknown)"
    return f"valid C2PA ({v.manifest_count} manifest(s)); content matches what was signed; {who}"
