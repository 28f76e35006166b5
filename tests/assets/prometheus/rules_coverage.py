#!/usr/bin/env python3
"""Every alert in assets/prometheus/alerts.yml is tested both ways, and can be acted on.

    rules_coverage.py RULES TESTS            check, print each alert's cases, exit 1 on any gap
    rules_coverage.py --self-test RULES TESTS  prove the check finds a gap wherever one is made

The check: each alerting rule in RULES has, in the `promtool test rules` file TESTS, an
alert_rule_test that expects it firing (exp_alerts not empty) and one that expects it not firing
(exp_alerts empty); every alert_rule_test names an alert that exists; and each alert has a
`severity` label of critical or warning and non-empty `summary` and `description` annotations.
promtool itself runs the cases (a separate test); this only counts them.

The self-test removes, for each alert in turn, all its firing cases and then all its non-firing
cases from a copy of TESTS, and fails unless the check then reports exactly that gap.
"""

import copy
import sys

import yaml

SEVERITIES = {"critical", "warning"}


def alerting_rules(rules_doc):
    return [rule for group in rules_doc["groups"] for rule in group["rules"] if "alert" in rule]


def cases_by_alert(tests_doc):
    """alert name -> {"firing": n, "not_firing": n}, from every alert_rule_test in every test."""
    cases = {}
    for test in tests_doc.get("tests", []):
        for case in test.get("alert_rule_test", []) or []:
            kind = "firing" if case.get("exp_alerts") else "not_firing"
            counts = cases.setdefault(case["alertname"], {"firing": 0, "not_firing": 0})
            counts[kind] += 1
    return cases


def problems(rules_doc, tests_doc):
    """Each gap or defect as one line; empty when there is none."""
    found = []
    rules = alerting_rules(rules_doc)
    names = [rule["alert"] for rule in rules]
    if not names:
        found.append("the rules file has no alerting rules")
    cases = cases_by_alert(tests_doc)
    for rule in rules:
        name = rule["alert"]
        counts = cases.get(name, {"firing": 0, "not_firing": 0})
        if counts["firing"] == 0:
            found.append(f"{name} has no firing case")
        if counts["not_firing"] == 0:
            found.append(f"{name} has no non-firing case")
        severity = (rule.get("labels") or {}).get("severity")
        if severity not in SEVERITIES:
            found.append(f"{name} has severity {severity!r}, not one of {sorted(SEVERITIES)}")
        annotations = rule.get("annotations") or {}
        for key in ("summary", "description"):
            if not str(annotations.get(key, "")).strip():
                found.append(f"{name} has no {key} annotation")
    for name in sorted(set(cases) - set(names)):
        found.append(f"the tests name {name}, which is no alert in the rules file")
    return found


def load(path):
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def check(rules_path, tests_path):
    rules_doc, tests_doc = load(rules_path), load(tests_path)
    cases = cases_by_alert(tests_doc)
    for rule in alerting_rules(rules_doc):
        counts = cases.get(rule["alert"], {"firing": 0, "not_firing": 0})
        print(f"{rule['alert']:28} firing cases {counts['firing']}, not firing {counts['not_firing']}")
    found = problems(rules_doc, tests_doc)
    for line in found:
        print(f"GAP: {line}", file=sys.stderr)
    return 1 if found else 0


def without_cases(tests_doc, name, firing):
    """A copy of tests_doc with the firing (or non-firing) cases of alert `name` removed."""
    mutated = copy.deepcopy(tests_doc)
    for test in mutated.get("tests", []):
        kept = []
        for case in test.get("alert_rule_test", []) or []:
            is_firing = bool(case.get("exp_alerts"))
            if case["alertname"] == name and is_firing == firing:
                continue
            kept.append(case)
        test["alert_rule_test"] = kept
    return mutated


def self_test(rules_path, tests_path):
    rules_doc, tests_doc = load(rules_path), load(tests_path)
    failures = []
    if problems(rules_doc, tests_doc):
        failures.append("the real files already have gaps: run the check first")
    names = [rule["alert"] for rule in alerting_rules(rules_doc)]
    for name in names:
        for firing, gap in ((True, f"{name} has no firing case"), (False, f"{name} has no non-firing case")):
            found = problems(rules_doc, without_cases(tests_doc, name, firing))
            if found != [gap]:
                failures.append(f"removing {name}'s {'firing' if firing else 'non-firing'} cases reported {found}")
    unknown = copy.deepcopy(tests_doc)
    unknown["tests"][0].setdefault("alert_rule_test", []).append({"alertname": "NoSuchAlert", "eval_time": "1m"})
    if problems(rules_doc, unknown) != ["the tests name NoSuchAlert, which is no alert in the rules file"]:
        failures.append("a case for an alert that does not exist was not reported")
    unlabelled = copy.deepcopy(rules_doc)
    first = alerting_rules(unlabelled)[0]
    del first["labels"]["severity"]
    first["annotations"]["description"] = " "
    if len(problems(unlabelled, tests_doc)) != 2:
        failures.append("an alert without severity and description was not reported twice")
    for line in failures:
        print(f"SELF-TEST FAILED: {line}", file=sys.stderr)
    print(f"self-test: {len(names)} alerts, {2 * len(names)} gaps made, {len(failures)} missed")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "--self-test":
        return self_test(argv[2], argv[3])
    if len(argv) == 3:
        return check(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
