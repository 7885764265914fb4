"""hisab: count every victim of a war against civilians, and prove who did what.

The package is organised by stage of the data flow (see DESIGN.md): records -> link -> estimate -> report,
with names, incidents, evidence and screen beside them. Every stage reads and writes one store.
"""

__version__ = "0.1.0"
