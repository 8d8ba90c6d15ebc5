"""The prisoner sync from the HMPPS Prisoner Search API (docs/prisoner-search-sync.md):
``client`` (HTTP, HMPPS Auth, retries), ``mapping`` (pure: a ``Prisoner`` object to our
fields), ``service`` (the all-or-nothing sync of one establishment), ``selectors``."""
