"""The drawing: the house style (colours and words in `house`, which imports no matplotlib), one
save helper (`figures`), the charts and the maps.
"""
