"""Words of the reports: number and date formatting, messages and narrative."""
