"""The analysis: what the tables say beyond themselves. Geography (distances, located facts), the
claim-by-claim comparison, report days and what changed, what the maps show, the teaching paragraph.

Nothing here draws or writes a page.
"""
