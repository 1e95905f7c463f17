#!/usr/bin/env python
from akhbar.cli import main

if __name__ == "__main__":
    main()
