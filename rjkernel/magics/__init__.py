"""rjkernel inside an ordinary Python kernel: ``%load_ext rjkernel`` (issue 10, part 1).

``magics.py`` the ``%rj``/``%%rj`` magics over the kernel's engine, ``awaiting.py`` the
transformer that awaits them on ipykernel's loop, ``convert.py`` values across the
border.
"""
