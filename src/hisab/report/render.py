"""Write the report: HTML from a Jinja template, charts as SVG, and a PDF of the same page with WeasyPrint.

Arabic is written as real text with `dir="rtl"` and `lang="ar"`; shaping and bidirectional layout are
left to the browser and to WeasyPrint (Pango with HarfBuzz), so the PDF's text layer holds the Arabic
strings themselves, searchable and copyable, not pictures of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from hisab.actors.confidence import CROSSWALK_NOTE
from hisab.actors.shares import RULE, ShareParams
from hisab.errors import UserError
from hisab.report.charts import daily_chart, monthly_chart, shares_chart
from hisab.report.data import gather
from hisab.store import Store

GOVERNORATE_AR = {
    "SY01": "دمشق", "SY02": "حلب", "SY03": "ريف دمشق", "SY04": "حمص", "SY05": "حماة", "SY06": "اللاذقية",
    "SY07": "إدلب", "SY08": "الحسكة", "SY09": "دير الزور", "SY10": "طرطوس", "SY11": "الرقة", "SY12": "درعا",
    "SY13": "السويداء", "SY14": "القنيطرة",
}
TITLE_AR = "تقرير المساءلة: الضحايا والجهات المسؤولة"
UNATTRIBUTED_AR = "جهة غير محددة"


@dataclass
class ReportFiles:
    html: Path
    pdf: Path | None
    charts: list[Path] = field(default_factory=list)
    sections: dict[str, bool] = field(default_factory=dict)
    query_id: int | None = None


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def make_report(store: Store, out_dir: str | Path, *, params: ShareParams | None = None,
                truth: str | Path | None = None, pdf: bool = True, title: str = "hisab report") -> ReportFiles:
    """Write `out_dir/report.html`, its charts and (when `pdf`) `out_dir/report.pdf`; the demo calls this."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} exists and is not a directory; give a directory for the report")
    (out / "charts").mkdir(parents=True, exist_ok=True)
    data = gather(store, params, truth)
    charts: list[Path] = []
    truth_doc = (data.truth or {}).get("documented")
    if data.shares is not None:
        charts.append(shares_chart(data.shares, out / "charts" / "shares.svg", truth_doc))
        charts.append(monthly_chart(data.shares, out / "charts" / "monthly.svg"))
        if data.shares.by_day:
            charts.append(daily_chart(data.shares, out / "charts" / "daily.svg"))
    map_path = None
    if data.incidents.get("present") and data.incidents.get("located"):
        try:
            from hisab.incidents.mapplot import draw_store_map

            map_path = out / "charts" / "incidents_map.svg"
            draw_store_map(store, map_path)
            charts.append(map_path)
        except UserError as exc:  # e.g. no gazetteer loaded: say why the map is missing
            data.notes.append(f"The incidents map could not be drawn: {type(exc).__name__}: {exc}")
            map_path = None
    env = Environment(loader=PackageLoader("hisab.report", "templates"), autoescape=select_autoescape())
    env.filters["pct"] = _pct
    env.filters["gov_ar"] = lambda code: GOVERNORATE_AR.get(code, "")
    html = env.get_template("report.html.j2").render(
        title=title, title_ar=TITLE_AR, unattributed_ar=UNATTRIBUTED_AR, d=data, rule=RULE,
        crosswalk=CROSSWALK_NOTE, generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        map_path=map_path.name if map_path else None, truth_doc=truth_doc,
        truth_pop=(data.truth or {}).get("population"))
    html_path = out / "report.html"
    html_path.write_text(html, "utf-8")
    pdf_path = None
    if pdf:
        from weasyprint import HTML

        pdf_path = out / "report.pdf"
        HTML(string=html, base_url=str(out)).write_pdf(pdf_path)
    sections = {"shares": data.shares is not None, "incidents": bool(data.incidents.get("present")),
                "estimates": bool(data.estimates),
                "health_care_by_party": bool(data.shares and data.shares.health_care),
                "estimates_by_party": bool(data.shares and data.shares.estimates),
                "evidence": bool(data.evidence["items"]),
                "sieges": bool(data.sieges), "truth": data.truth is not None}
    return ReportFiles(html_path, pdf_path, charts, sections, data.shares.query_id if data.shares else None)
