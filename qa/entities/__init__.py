"""Named entities other than person names (places, organisations, outlets): extraction, word
lists and alias data, and what a text attests. The E101/E102 check is `qa.checks.entities`."""
