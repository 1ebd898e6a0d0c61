"""Rendering the quarterly reports: ``bkbk report`` and what it writes.

- ``runner``: ReportRequest and run_reports, the command's whole run;
- ``jobs``: one report in a worker process (papermill, HTML, PDF, files);
- ``html`` / ``pdf``: executed notebook -> self-contained HTML -> A4 PDF;
- ``fingerprint``: what changed since the last render; ``cache``: data shared by the kernels;
- ``atomic``: writes that never leave a half-written file; ``naming``: report file names;
- ``index``, ``excel``, ``slides``: the period's index page, workbook and slide deck.
"""
