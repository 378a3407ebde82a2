"""Plain helpers shared by the tests: fakes, constants and small functions. Fixtures live in
the conftest.py of the narrowest folder that holds every test using them."""
