"""From minutes to logged undertakings: reading an upload, matching owners, and the suggestion cards a clerk edits."""
