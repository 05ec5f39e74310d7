"""Writes sklearn_reference.csv: seeded score sets and scikit-learn's metrics for them.

Run with Debian's python3-sklearn (/usr/bin/python3 make_reference.py). The Java test
(SklearnAgreementTest) reads the CSV and needs no Python. Conventions: OOD positive (y=1),
higher score = more OOD; fpr95 from roc_curve(drop_intermediate=False) at the first threshold
with tpr >= 0.95; AUPR-In = average_precision_score(1 - y, -s).
"""
import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

rng = np.random.default_rng(20261123)
cases = []
for name, n_id, n_ood, shift, decimals in [
    ("gauss-heavy-overlap", 300, 200, 0.3, None),
    ("gauss-rounded-ties", 400, 250, 1.0, 1),
    ("small-ties", 17, 11, 0.5, 0),
    ("well-separated", 500, 500, 3.0, 2),
    ("unbalanced", 1000, 50, 0.8, 2),
]:
    s_id = rng.normal(0, 1, n_id)
    s_ood = rng.normal(shift, 1, n_ood)
    if decimals is not None:
        s_id, s_ood = np.round(s_id, decimals), np.round(s_ood, decimals)
    cases.append((name, s_id, s_ood))

with open("sklearn_reference.csv", "w") as f:
    f.write(f"# scikit-learn {sklearn.__version__}\n")
    f.write("case,auroc,fpr95,aupr_in,aupr_out,id_scores,ood_scores\n")
    for name, s_id, s_ood in cases:
        y = np.r_[np.zeros(len(s_id)), np.ones(len(s_ood))]
        s = np.r_[s_id, s_ood]
        auroc = roc_auc_score(y, s)
        fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
        fpr95 = fpr[np.argmax(tpr >= 0.95)]
        aupr_out = average_precision_score(y, s)
        aupr_in = average_precision_score(1 - y, -s)
        ids = " ".join(repr(float(v)) for v in s_id)
        oods = " ".join(repr(float(v)) for v in s_ood)
        f.write(f"{name},{auroc!r},{fpr95!r},{aupr_in!r},{aupr_out!r},{ids},{oods}\n")
