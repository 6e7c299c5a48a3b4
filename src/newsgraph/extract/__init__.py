"""Doc -> Extraction: entities, places, events and times found in an article."""
