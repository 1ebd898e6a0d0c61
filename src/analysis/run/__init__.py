"""``bkbk report``: the run that renders every output of a quarter.

- ``runner``: ReportRequest and run_reports, the command's whole run;
- ``jobs``: one report in a worker process (papermill, HTML, PDF, files);
- ``fingerprint``: what changed since the last render; ``cache``: data shared by the kernels.
"""
