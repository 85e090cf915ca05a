"""Admin for this area of the movement."""
