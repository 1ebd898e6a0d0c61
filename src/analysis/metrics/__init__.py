"""The metrics of SPEC "Metrics", one module per domain, and the metric catalog."""
