"""The commands behind `./kit`: build a case, start a new one, write environment.yml from the lock."""
