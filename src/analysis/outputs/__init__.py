"""What a run writes: report HTML and PDF, the index page, the workbook and the slide deck.

- ``html`` / ``pdf``: executed notebook -> self-contained HTML -> A4 PDF;
- ``index``, ``excel``, ``slides``: the period's index page, workbook and slide deck;
- ``naming``: report file names (writes go through ``analysis.atomic``).
"""
