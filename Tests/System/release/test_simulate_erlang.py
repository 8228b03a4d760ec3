"""`parley simulate` against queueing theory, on a release build (issue 5's acceptance criterion).

M/M/c through the real routing engine: one workgroup, no skills, FIFO (no aging, longest idle), ten agents of
capacity 1, Poisson arrivals, exponential handling (mean 300 s), nobody abandons, offers accepted at once. For
occupancy 0.8 and 0.9, 40 independent replications: the 99 % Student-t interval of P(wait), of the mean wait and
of the FIFO tail P(W > t) at two values of t must contain the Erlang C value (computed here, independently of
the Swift code) and be narrower than ±5 % of it. A negative control: the same data against Erlang C for one agent
fewer must fail.

Environment: PARLEY_RELEASE_BIN, the release binary (`swift build -c release --product parley`). Without it the
test is skipped, and with CI=true it fails instead.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pytest

SERVERS = 10
MEAN_HANDLE = 300.0
TAILS = (60, 120)
REPLICATIONS = 40


def release_binary() -> str:
    path = os.environ.get("PARLEY_RELEASE_BIN")
    if not path or not Path(path).exists():
        message = "PARLEY_RELEASE_BIN is not set to a release build of parley"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def erlang_c(servers: int, arrival_rate: float, service_rate: float) -> dict:
    """P(wait), mean wait and the tail function of M/M/c (Erlang C), straight from the formula."""
    load = arrival_rate / service_rate
    assert load < servers, "unstable"
    last = load ** servers / math.factorial(servers) * servers / (servers - load)
    p_wait = last / (sum(load ** k / math.factorial(k) for k in range(servers)) + last)
    drain = servers * service_rate - arrival_rate
    return {"p_wait": p_wait, "mean_wait": p_wait / drain, "tail": lambda t: p_wait * math.exp(-drain * t)}


def simulate(binary: str, tmp_path: Path, occupancy: float, seed: int) -> dict:
    arrival_rate = occupancy * SERVERS / MEAN_HANDLE
    customers, warm_up = (50_000, 600) if occupancy < 0.85 else (130_000, 1_700)
    scenario = {
        "run": {"length": round(customers / arrival_rate), "warm_up": round(warm_up / arrival_rate),
                "replications": REPLICATIONS, "seed": seed},
        "workgroups": [{"id": "mmc", "alerting_timeout": 1_000_000_000, "service_levels": list(TAILS),
                        "strategy": "longest_idle", "aging_per_minute": 0}],
        "arrivals": [{"workgroup": "mmc", "channel": "web_messaging", "per_hour": arrival_rate * 3600,
                      "handle": {"mean": MEAN_HANDLE}}],
        "agents": [{"id": "agent", "count": SERVERS, "workgroups": ["mmc"], "capacity": {"web_messaging": 1},
                    "total_capacity": 1}],
    }
    path = tmp_path / f"mmc-{occupancy}.json"
    path.write_text(json.dumps(scenario))
    result = subprocess.run([binary, "simulate", str(path), "--json", "--confidence", "0.99"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    run = json.loads(result.stdout)["runs"][0]
    group = next(g for g in run["workgroups"] if g["id"] == "mmc")
    assert group["unanswered"]["mean"] == 0 and group["abandonment_rate"]["mean"] == 0
    shares = {level["seconds"]: level["share"] for level in group["service_levels"]}
    figures = {"p_wait": group["waited_share"], "mean_wait": group["mean_wait_seconds"]}
    for t in TAILS:
        # P(W > t) = 1 − share answered within t; the interval's half-width is the same.
        figures[f"tail_{t}"] = {"mean": 1 - shares[t]["mean"], "half_width": shares[t]["half_width"],
                                "count": shares[t]["count"]}
    for figure in figures.values():
        assert figure["count"] == REPLICATIONS
    return {"figures": figures, "arrival_rate": arrival_rate}


def agreement(figures: dict, theory: dict) -> dict:
    """For each figure: (interval contains the theory, interval narrower than ±5 % of it)."""
    expected = {"p_wait": theory["p_wait"], "mean_wait": theory["mean_wait"]}
    for t in TAILS:
        expected[f"tail_{t}"] = theory["tail"](t)
    outcome = {}
    for name, value in expected.items():
        figure = figures[name]
        outcome[name] = (abs(figure["mean"] - value) <= figure["half_width"], figure["half_width"] <= 0.05 * value,
                         figure["mean"], figure["half_width"], value)
    return outcome


@pytest.mark.parametrize("occupancy,seed", [(0.8, 11), (0.9, 12)])
def test_mmc_waits_match_erlang_c_within_five_percent(tmp_path, occupancy, seed):
    binary = release_binary()
    simulated = simulate(binary, tmp_path, occupancy, seed)
    theory = erlang_c(SERVERS, simulated["arrival_rate"], 1 / MEAN_HANDLE)
    outcome = agreement(simulated["figures"], theory)
    report = "\n".join(f"{name}: simulated {m:.5g} ± {h:.3g} ({h / v:.1%}), Erlang C {v:.5g}, contains={c}, narrow={n}"
                       for name, (c, n, m, h, v) in outcome.items())
    print(f"M/M/{SERVERS} at occupancy {occupancy}:\n{report}")
    for name, (contains, narrow, *_rest) in outcome.items():
        assert contains and narrow, f"{name} disagrees with Erlang C:\n{report}"
    if occupancy < 0.85:
        # Negative control: one agent fewer (still a stable queue at 0.8) must not pass the same check.
        fewer = agreement(simulated["figures"], erlang_c(SERVERS - 1, simulated["arrival_rate"], 1 / MEAN_HANDLE))
        assert not all(contains and narrow for contains, narrow, *_rest in fewer.values()), \
            f"the same data also 'matches' Erlang C for {SERVERS - 1} agents: the check cannot tell"
        assert not fewer["p_wait"][0] and not fewer["mean_wait"][0]
