"""Reference data: geography, regulation parameters, quarters and scopes."""
