"""Small pieces every part of the window uses: background operations, the GUI-thread garbage
collector, the settings adapter, popup pickers, message bars and dialogs.

May import: ``editor`` only.
"""
