"""`hisab names …`: look at what the names module does to one name (keys, spellings, similarity)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from hisab.cli._common import JsonOpt, console, print_json
from hisab.names import (
    DEFAULT_THRESHOLD,
    name_key,
    name_similarity,
    normalize_arabic,
    normalize_latin,
    parse_name,
    transliterate,
)
from hisab.names.errors import NamesInputError

names_app = typer.Typer(help="Arabic and Latin names: normalise, key, transliterate, compare.", no_args_is_help=True)

Text = Annotated[str, typer.Argument(help="A name, in Arabic or Latin script.")]


@names_app.command("key")
def key(text: Text, json: JsonOpt = False) -> None:
    """Normalised forms and cross-script key of a name. Example: hisab names key "ماهر الأسد" """
    parts = parse_name(text)
    data = {
        "name": text,
        "arabic_strict": normalize_arabic(text, level="strict"),
        "arabic_loose": normalize_arabic(text),
        "latin": normalize_latin(text),
        "key": name_key(text),
        "parts": asdict(parts),
    }
    if json:
        print_json(data)
        return
    for field, value in data.items():
        console.print(f"[bold]{field}[/bold]: {value}", highlight=False)


@names_app.command("similarity")
def similarity(a: Text, b: Text, json: JsonOpt = False) -> None:
    """Similarity of two names in [0, 1]. Example: hisab names similarity "Maher al-Assad" "ماهر الأسد" """
    score = name_similarity(a, b)
    data = {"a": a, "b": b, "similarity": round(score, 4), "match": score >= DEFAULT_THRESHOLD,
            "key_a": name_key(a), "key_b": name_key(b)}
    if json:
        print_json(data)
        return
    verdict = "same name" if data["match"] else "different names"
    console.print(f"{score:.3f} ({verdict} at threshold {DEFAULT_THRESHOLD})", highlight=False)


@names_app.command("translit")
def translit(
    text: Text,
    limit: Annotated[int, typer.Option(help="How many spellings to show.")] = 10,
    json: JsonOpt = False,
) -> None:
    """Latin spellings of an Arabic name, likeliest first. Example: hisab names translit "محمد" """
    spellings = transliterate(text, limit=limit)
    if not spellings:  # the library answers [] for a blank name; at the prompt that is a mistake
        raise NamesInputError("nothing to transliterate: the name is empty or only marks and spaces")
    if json:
        print_json({"name": text, "spellings": spellings})
        return
    for spelling in spellings:
        console.print(spelling, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `names` command group."""
    app.add_typer(names_app, name="names")
