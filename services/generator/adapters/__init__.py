"""Seams to the code other teams own (engine, write model, read models, event contracts).

Each adapter is the only module that imports its counterpart, so wiring changes stay one file.
"""
