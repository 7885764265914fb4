"""One confidence scale for attributions, with its documented crosswalk to the scales sources use.

hisab grades every attribution `confirmed`, `probable`, `possible`, `contested`, `discounted` or `unknown`
(documentation-practice.md, section 4.8). Sources grade on their own scales; `grade()` translates a raw
value from Airwars, WHO SSA, the HURIDOCS/ESF reliability list or the UN Commission of Inquiry wording,
and the raw value is kept beside the grade so nothing is lost.
"""

from __future__ import annotations

from hisab.actors.errors import ConfidenceError

GRADES = ("confirmed", "probable", "possible", "contested", "discounted", "unknown")
# strength order for thresholds; contested and discounted are not on the ladder (see shares.py)
LADDER = {"confirmed": 3, "probable": 2, "possible": 1, "unknown": 0}
LOWER_BOUND_MIN = "probable"  # the lower bound counts only confirmed or probable sole attributions

# (scale, raw value) -> hisab grade. Keys are casefolded.
CROSSWALK: dict[str, dict[str, str]] = {
    "airwars": {
        "confirmed": "confirmed", "fair": "probable", "weak": "possible", "contested": "contested",
        "discounted": "discounted",
    },
    "who_ssa": {"confirmed": "confirmed", "probable": "probable", "possible": "possible",
                "rejected": "discounted"},
    "huridocs": {
        "highly reliable": "confirmed", "likely reliable": "probable", "unsure": "possible",
        "likely unreliable": "discounted", "highly unreliable": "discounted", "unknown": "unknown",
    },
    "un_coi": {"reasonable grounds to believe": "confirmed", "reasonable grounds": "confirmed"},
}
CROSSWALK_NOTE = [
    ("confirmed", "Confirmed (belligerent accepted)", "Confirmed", "Highly reliable",
     "meets the 'reasonable grounds to believe' threshold"),
    ("probable", "Fair", "Probable", "Likely reliable", ""),
    ("possible", "Weak (single source)", "Possible", "Unsure", ""),
    ("contested", "Contested", "—", "—", "competing attributions retained side by side"),
    ("discounted", "Discounted", "(rejected)", "Likely / Highly unreliable", "kept in the data, excluded from counts"),
    ("unknown", "—", "—", "Unknown", ""),
]


def grade(value: str | None, scale: str | None = None) -> str:
    """The hisab grade of `value`, read on `scale` (None: the hisab scale itself, then every known scale)."""
    if value is None or not str(value).strip():
        return "unknown"
    key = " ".join(str(value).casefold().split())
    if scale is None and key in GRADES:
        return key
    scales = [scale] if scale else list(CROSSWALK)
    for name in scales:
        if name not in CROSSWALK:
            raise ConfidenceError(f"unknown confidence scale {name!r}; expected one of {sorted(CROSSWALK)}")
        if key in CROSSWALK[name]:
            return CROSSWALK[name][key]
    where = f"on scale {scale!r}" if scale else "on the hisab scale or any known scale"
    raise ConfidenceError(f"confidence {value!r} is not {where}; hisab grades are {', '.join(GRADES)}")


def check_threshold(value: str) -> str:
    """A `--min-confidence` value: one of the ladder grades."""
    key = value.strip().casefold()
    if key not in LADDER:
        raise ConfidenceError(f"--min-confidence must be one of {', '.join(LADDER)}; got {value!r}")
    return key
