"""A verified model of the claims made by one Chinese consumer-credit marketing article.

Every checkable statement of the article (``data/article.txt``) is a record in the claims
registry (``data/claims.yaml``); every verdict on a claim is computed by a named check in
:mod:`model.checks`. The other modules hold one concern each:

- :mod:`model.article`: the article text, its sections and its tables;
- :mod:`model.references`: public reference facts with citations;
- :mod:`model.rates`: daily rates, APR and repayment schedules;
- :mod:`model.tiers`: the article's credit tiers, a classifier and a coverage analysis;
- :mod:`model.weights`: the eligibility weight table;
- :mod:`model.competitors`: the platform comparisons of sections 三 and 八;
- :mod:`model.consistency`: checks that combine several statements;
- :mod:`model.params`: the parameters the book takes.
"""

from model.errors import ModelInputError

__all__ = ["ModelInputError"]
__version__ = "0.3.0"  # the same as pyproject.toml and CITATION.cff (tests/test_environment.py checks)
