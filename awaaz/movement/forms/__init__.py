"""Split by area (pledges, chapters, members, dashboard), one module each."""
