"""scikit-learn peer for tests/bench/featureModel.ts.

Reads the matrices the bench wrote to DIR (meta.json + raw little-endian arrays), runs the
same splits as the TypeScript side with RandomForestClassifier(n_estimators=100, n_jobs=2)
and HistGradientBoostingClassifier, and prints one JSON object on stdout:
{"sklearn": version, "sets": {name: {model: {"fit_s": median, "fit_rows": n,
 "accuracy": a, "macro_f1": f}}}}.
Splits: an int8 matrix [S, N]; 1 = train, 2 = test, 0 = unused in that split; every split
is run "seeds" times with random_state = run * 100 + split. Predictions of all splits and
runs are pooled before scoring, exactly as the bench does.
Usage: /usr/bin/python3 sklearn_model.py DIR
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline


def models(seed):
    # scikit-learn 1.2's random forest rejects NaN; the bench's NaN means "channel absent",
    # which a constant far below every value encodes with the same meaning the TS model
    # gives it (missing sorts with the smallest values).
    rf = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=seed)
    return {
        "rf": make_pipeline(SimpleImputer(strategy="constant", fill_value=-1e9), rf),
        "hgb": HistGradientBoostingClassifier(random_state=seed),
    }


def main(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    out = {"sklearn": sklearn.__version__, "sets": {}}
    for s in meta["sets"]:
        name, n, f, n_splits = s["name"], s["rows"], s["cols"], s["splits"]
        X = np.fromfile(os.path.join(d, name + ".X.f64"), "<f8").reshape(n, f)
        y = np.fromfile(os.path.join(d, name + ".y.i32"), "<i4")
        split = np.fromfile(os.path.join(d, name + ".split.i8"), "i1").reshape(n_splits, n)
        res = {}
        for key in models(0):
            truth, pred = [], []
            for r in range(s["seeds"]):
                for k in range(n_splits):
                    tr, te = split[k] == 1, split[k] == 2
                    m = models(r * 100 + k)[key].fit(X[tr], y[tr])
                    truth.append(y[te])
                    pred.append(m.predict(X[te]))
            truth, pred = np.concatenate(truth), np.concatenate(pred)
            # Timing: fit on the rows of split 0 ("time_rows" = "split0") or on every row.
            rows = split[0] == 1 if s["time_rows"] == "split0" else np.ones(n, bool)
            times = []
            for r in range(s["repeats"]):
                m = models(r)[key]
                t0 = time.perf_counter()
                m.fit(X[rows], y[rows])
                times.append(time.perf_counter() - t0)
            res[key] = {
                "fit_s": float(np.median(times)),
                "fit_rows": int(rows.sum()),
                "accuracy": float(accuracy_score(truth, pred)),
                "macro_f1": float(f1_score(truth, pred, average="macro")),
            }
        out["sets"][name] = res
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
