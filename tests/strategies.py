"""Shared hypothesis strategies: finite numbers in the ranges the model accepts (no NaN, no inf)."""

from hypothesis import strategies as st

principals = st.floats(min_value=100.0, max_value=1_000_000.0, allow_nan=False, allow_infinity=False)
daily_rates = st.floats(min_value=0.0, max_value=0.001, allow_nan=False, allow_infinity=False)
positive_daily_rates = st.floats(min_value=1e-6, max_value=0.001, allow_nan=False, allow_infinity=False)
terms = st.integers(min_value=1, max_value=36)
free_days = st.integers(min_value=0, max_value=60)
methods = st.sampled_from(["equal_instalment", "equal_principal", "interest_only", "bullet"])
pay_scores = st.integers(min_value=300, max_value=850)
assets = st.floats(min_value=0.0, max_value=2_000_000.0, allow_nan=False, allow_infinity=False)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False)
