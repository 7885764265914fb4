"""Record linkage: find each victim once across lists, Arabic-aware, explainable and reviewable.

`link_records` (a DataFrame in, scored pairs and clusters out) is the engine, on DuckDB with Splink;
`link_store` links the store's records into Person rows; `link_files` links spreadsheets directly;
`pending_reviews` / `record_decision` / `import_decisions` are the clerical review, whose decisions
bind every later run (must-link / cannot-link).
"""

from hisab.link.constraints import cluster_pairs, mutual_best
from hisab.link.engine import LinkResult, link_records
from hisab.link.errors import LinkInputError
from hisab.link.evaluate import PairScores, blocked_pair_counts, blocking_recall, pairwise_scores, store_scores
from hisab.link.features import prepare
from hisab.link.files import FilesResult, link_files, parse_columns
from hisab.link.review import ReviewItem, decision_accuracy, import_decisions, pending_reviews, record_decision
from hisab.link.settings import build_settings
from hisab.link.store_io import link_store, load_records
from hisab.link.threshold import expected_f1_threshold

__all__ = [
    "FilesResult", "LinkInputError", "LinkResult", "PairScores", "ReviewItem", "blocked_pair_counts",
    "blocking_recall", "build_settings", "cluster_pairs", "decision_accuracy", "expected_f1_threshold",
    "import_decisions", "link_files", "link_records", "link_store", "load_records", "mutual_best",
    "pairwise_scores", "parse_columns", "pending_reviews", "prepare", "record_decision", "store_scores",
]
