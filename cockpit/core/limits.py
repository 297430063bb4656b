"""The limits of what people type, in one place for the event models (core/body.py) and the
light write of a script's note (cli/quick_note.py), which does not load the models."""

MAX_TEXT = 256 * 1024  # a pasted stack trace fits; a pasted core dump does not
MAX_NAME = 200  # an author's or a person's name
