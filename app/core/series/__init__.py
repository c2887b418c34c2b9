"""A season: one cast, style and outline shared by many episodes on one media store."""
