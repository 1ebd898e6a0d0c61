"""Reading a dataset: files, parsing, aliases, schemas, checks, pseudonyms and loading."""
