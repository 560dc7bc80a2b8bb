"""The journal: one JSON line per executed cell, what ran where (issue 10, part 3).

``store.py`` is the file (where it lives, appending, reading back, rewriting for
``Clear-History``); ``entries.py`` is what a line holds and how ``Get-History`` shows
it. The engine writes it (``interpreter/journaling.py``); the history cmdlets read it.
"""
