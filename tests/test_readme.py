"""The README's drop-in example runs and gives scikit-learn's answer."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def _drop_in_example():
    text = README.read_text()
    section = text[text.index("## Drop-in example") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _run(code):
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, str(README), "exec"), namespace)
    return namespace["search"]


def test_readme_example_matches_sklearn():
    code = _drop_in_example()
    assert "from sklearn_notes.naive_bayes import GaussianNB" in code
    ours = _run(code)
    theirs = _run(
        code.replace("from sklearn_notes.naive_bayes", "from sklearn.naive_bayes")
    )
    assert type(ours.best_estimator_[-1]).__module__.startswith("sklearn_notes")
    assert type(theirs.best_estimator_[-1]).__module__.startswith("sklearn.")
    assert ours.best_params_ == theirs.best_params_
    assert abs(ours.best_score_ - theirs.best_score_) < 1e-12
