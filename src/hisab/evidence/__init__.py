"""Evidence vault: intake by content hash, metadata, C2PA provenance, near-duplicates, signed custody log,
fixity verification, RFC 3161 timestamps of the chain head and BagIt export."""

from hisab.evidence.intake import IntakeItem, IntakeResult, add
from hisab.evidence.queries import find_item, list_items, show, similar
from hisab.evidence.vault import Vault
from hisab.evidence.verify import VerifyReport, verify

__all__ = ["IntakeItem", "IntakeResult", "Vault", "VerifyReport", "add", "find_item", "list_items", "show",
           "similar", "verify"]
