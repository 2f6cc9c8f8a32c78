"""Small helpers every app may use (spreadsheets, JSON bodies and errors, database retries): the bottom of the house, importing only Django."""
