"""The demo news site behind `akhbar demo`: our own Arabic text, generated pictures, and
the functions that build it."""
