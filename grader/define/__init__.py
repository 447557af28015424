"""The definition language: what a topic is made of.

* ``spec``: a contract function (:class:`FunctionSpec`), a property with its points
  (:class:`Property`), a topic (:class:`Topic`);
* ``strategies``: the Hypothesis strategies properties draw their inputs from;
* ``oracle``: PyTorch, the reference, in float64 (memoised);
* ``compare``: the tolerances (justified there) and the assertions checks are made of;
* ``i18n``: text in English and Korean;
* ``frozen``: read-only inputs;
* ``catalogue``: a known mistake or an alternative correct solution (never shipped);
* ``notebook``: a notebook's explanation and figures.
"""
