"""The data contract: the codebook, the CSV reader and writer, the validation rules, hedges and units,
and the loader that returns a case's tables checked and typed, or every problem at once.
"""
