"""The Python `re` translation of ECMA-262 patterns the compiled validators use: the layer's
(`generator.layer.python_re`, printed from `generator.layer.ecma`'s parse tree), the one
`generator.layer.patterns` gives as the `python-re` dialect. Kept here under its old name for
the compiler and `check`."""

from generator.layer.python_re import UnsupportedPattern, compile_pattern, translate

__all__ = ["UnsupportedPattern", "compile_pattern", "translate"]
