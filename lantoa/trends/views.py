"""Views: thin, state changes go through services."""
