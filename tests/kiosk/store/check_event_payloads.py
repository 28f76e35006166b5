#!/usr/bin/python3
"""Validates event payloads against their schemas in docs/api/openapi.json (JSON Schema 2020-12).

usage: check_event_payloads.py OPENAPI SAMPLES
OPENAPI: the OpenAPI document; components/x-kiosk-event-payloads names each kind's schema in
components/schemas. SAMPLES: NDJSON lines {"kind", "payload", "valid"}, where
"valid" says whether the payload must pass (a builder's output) or fail (a broken copy of one).
Every kind in SCHEMAS must have a passing sample. Exits 0 when all hold, 1 otherwise, naming each
failure; prints "checked N payloads" at the end.
"""
import json
import sys

from jsonschema import Draft202012Validator


def main(schemas_path, samples_path):
    with open(schemas_path, encoding="utf-8") as f:
        components = json.load(f)["components"]
    schemas = {kind: components["schemas"][name] for kind, name in components["x-kiosk-event-payloads"].items()}
    failures = []
    for kind, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
    passed_kinds = set()
    checked = 0
    with open(samples_path, encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            sample = json.loads(text)
            kind = sample["kind"]
            if kind not in schemas:
                failures.append(f"line {number}: no schema for kind {kind}")
                continue
            errors = [e.message for e in Draft202012Validator(schemas[kind]).iter_errors(sample["payload"])]
            checked += 1
            if sample["valid"] and errors:
                failures.append(f"line {number} ({kind}) should pass: {'; '.join(errors)}")
            elif not sample["valid"] and not errors:
                failures.append(f"line {number} ({kind}) should fail but passed")
            elif sample["valid"]:
                passed_kinds.add(kind)
    for kind in sorted(set(schemas) - passed_kinds):
        failures.append(f"kind {kind} has no passing sample")
    for failure in failures:
        print(failure)
    print(f"checked {checked} payloads")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
