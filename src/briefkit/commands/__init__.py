"""The commands behind `./kit`: build a case, start a new one, bring a case up to the kit's contract,
write environment.yml from the lock.
"""
