"""The reckoning report: documented deaths, each party's share with its bounds, incidents, estimates and
evidence counts, and the sources with their versions and hashes, as HTML and PDF (Arabic shaped, RTL)."""

from hisab.report.data import ReportData, gather, read_truth
from hisab.report.render import ReportFiles, make_report

__all__ = ["ReportData", "ReportFiles", "gather", "make_report", "read_truth"]
