"""`python -m orgaudit`."""

from .cli import main

main()
