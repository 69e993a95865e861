"""Importing an existing action log (.csv or .xlsx): read the file, guess its columns, check every row, and
hand the tracker plain rows to import in one transaction. The tracker never sees the file."""
