#!/usr/bin/env python
from fangzhi.manage import main

if __name__ == "__main__":
    main()
