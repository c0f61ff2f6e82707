"""The soak script is run by hand (it plays the window for minutes): never collect it."""
collect_ignore = ["soak_window.py"]
