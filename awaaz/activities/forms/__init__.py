"""Split by area (events, reports, campaign), one module each."""
