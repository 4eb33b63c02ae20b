"""Languages, locale formatting and translation catalogues."""
