#!/usr/bin/env python3
"""A client written only from the OpenAPI document: it exercises every operation of the real
`kiosk --demo` over HTTPS on loopback and validates each response against the document.

Nothing here knows a route: the paths, methods, servers, credentials, request bodies and expected
answers all come from docs/api/openapi.json (the copy the kiosk serves, which must equal the
repository's). The conventions it reads, all standard OpenAPI 3.1 except the `x-` extensions:
  - `servers` (the document's, or a path item's): `{host}` and `{port}` are the operator listener,
    `{centralPort}` the central listener;
  - `security`: `bearerToken` sends the demo operator token, `centralCertificate` presents the demo
    central client certificate, `[]` sends nothing; other schemes (`consoleSession`, the cookie that
    signing in sets, which this client's session then keeps and sends) add nothing;
  - the requests of an operation are the named `examples` of its request body, or of its parameters
    (examples with the same name across parameters form one request); an operation without examples
    is called once as it is. `x-kiosk-order` on an operation sorts operations (default 0), so that
    state-changing ones run in a meaningful order; `x-expect-status` on an example is the status the
    example must get;
  - every response must have a documented status and media type, and its body must validate against
    the documented schema (JSON Schema 2020-12 with $refs into the document).
Every secured operation is also called without a credential and must be refused (401, or for mutual
TLS the handshake itself).

Exit 0 when every check passed; 1 with the failures listed otherwise; 2 when the kiosk did not start.
"""
import argparse
import copy
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema
import requests

METHODS = ("get", "put", "post", "patch", "delete")


def start_kiosk(kiosk, demo_dir):
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    proc = subprocess.Popen(
        [kiosk, "--demo", "--demo-dir", demo_dir, "--mgmt-port", "0", "--mgmt-central-port", "0", "--size", "1280x800"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    facts = {}
    deadline = time.monotonic() + 60
    wanted = {"mgmt", "mgmt-operator-token", "mgmt-central", "mgmt-central-cert", "mgmt-central-key", "mgmt-ca"}
    while time.monotonic() < deadline and not wanted <= facts.keys():
        line = proc.stdout.readline()
        if not line:
            break
        key, _, value = line.strip().partition(" ")
        if key in wanted:
            facts[key] = value
    missing = wanted - facts.keys()
    if missing:
        proc.kill()
        sys.exit(f"openapi_client: the kiosk did not print {sorted(missing)}")
    return proc, facts


def resolve_refs(node, document):
    """The schema with every local $ref replaced by its target (the document has no recursive schemas)."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/"):
            target = document
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            merged = resolve_refs(copy.deepcopy(target), document)
            rest = {k: v for k, v in node.items() if k != "$ref"}
            if rest:
                merged = {"allOf": [merged, resolve_refs(rest, document)]}
            return merged
        return {k: resolve_refs(v, document) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve_refs(v, document) for v in node]
    return node


def media_type(header):
    return header.split(";")[0].strip().lower() if header else ""


class Client:
    def __init__(self, document, facts):
        self.document = document
        self.facts = facts
        operator = re.match(r"https://([^:/]+):(\d+)", facts["mgmt"])
        central = re.match(r"https://([^:/]+):(\d+)", facts["mgmt-central"])
        self.variables = {"host": operator.group(1), "port": operator.group(2), "centralPort": central.group(2)}
        self.failures = []
        self.calls = 0
        self.session = requests.Session()

    def fail(self, where, what):
        self.failures.append(f"{where}: {what}")

    def base_url(self, path_item, operation):
        servers = operation.get("servers") or path_item.get("servers") or self.document["servers"]
        url = servers[0]["url"]
        for name, value in self.variables.items():
            url = url.replace("{" + name + "}", value)
        if "{" in url:
            raise KeyError(f"server URL {servers[0]['url']} has a variable this client does not know")
        return url

    def credentials(self, operation):
        security = operation.get("security", self.document.get("security", []))
        schemes = {name for requirement in security for name in requirement}
        headers, cert = {}, None
        if "bearerToken" in schemes:
            headers["Authorization"] = "Bearer " + self.facts["mgmt-operator-token"]
        if "centralCertificate" in schemes:
            cert = (self.facts["mgmt-central-cert"], self.facts["mgmt-central-key"])
        return headers, cert, bool(schemes)

    @staticmethod
    def requests_of(operation):
        """[(name, params, body_media_type, body, expected_status)] from the operation's examples."""
        cases = {}
        body = operation.get("requestBody")
        if body:
            for media, content in body["content"].items():
                for name, example in content.get("examples", {}).items():
                    cases[name] = {"params": {}, "media": media, "body": example["value"],
                                   "expect": example.get("x-expect-status")}
        for parameter in operation.get("parameters", []):
            for name, example in parameter.get("examples", {}).items():
                case = cases.setdefault(name, {"params": {}, "media": None, "body": None, "expect": None})
                case["params"][parameter["name"]] = example["value"]
                if "x-expect-status" in example:
                    case["expect"] = example["x-expect-status"]
        if not cases:
            cases["as documented"] = {"params": {}, "media": None, "body": None, "expect": None}
        return cases

    def send(self, method, url, headers, cert, params, media, body):
        data = None
        if media is not None:
            headers = dict(headers, **{"Content-Type": media})
            data = body if isinstance(body, str) else json.dumps(body)
        return self.session.request(method.upper(), url, headers=headers, cert=cert, params=params, data=data,
                                    verify=self.facts["mgmt-ca"], timeout=60)

    def check_response(self, where, operation, response, expected):
        self.calls += 1
        status = str(response.status_code)
        if expected is not None and response.status_code != expected:
            self.fail(where, f"got {status}, the example expects {expected}: {response.text[:300]}")
        documented = operation["responses"].get(status) or operation["responses"].get("default")
        if documented is None:
            self.fail(where, f"status {status} is not documented: {response.text[:300]}")
            return
        documented = resolve_refs(documented, self.document)
        content = documented.get("content")
        if not content:
            if response.content:
                self.fail(where, f"status {status} is documented without a body but has one")
            return
        got = media_type(response.headers.get("Content-Type"))
        matches = [m for m in content if media_type(m) == got]
        if not matches:
            self.fail(where, f"Content-Type {got!r} is not documented for {status} (documented: {list(content)})")
            return
        schema = content[matches[0]].get("schema")
        if got == "image/png":
            if not response.content.startswith(b"\x89PNG\r\n\x1a\n"):
                self.fail(where, "an image/png body that is not a PNG")
            return
        if got.endswith("json"):
            try:
                value = response.json()
            except ValueError as error:
                self.fail(where, f"the body is not JSON: {error}")
                return
        else:
            value = response.text
        if schema is not None:
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            for error in validator.iter_errors(value):
                path = "/".join(str(p) for p in error.absolute_path)
                self.fail(where, f"the body does not match the schema at /{path}: {error.message[:300]}")

    def refused_without_credential(self, where, method, url):
        # A request of its own, outside self.session: a cookie the session kept (the console's, once
        # signed in) is a credential too.
        try:
            response = requests.request(method.upper(), url, verify=self.facts["mgmt-ca"], timeout=30)
        except requests.exceptions.SSLError:
            return  # mutual TLS: no certificate, no handshake
        except requests.exceptions.ConnectionError:
            return
        self.calls += 1
        if response.status_code != 401:
            self.fail(where + " without a credential", f"got {response.status_code}, expected 401")

    def run(self):
        operations = []
        for path, path_item in self.document["paths"].items():
            for method in METHODS:
                if method in path_item:
                    operations.append((path_item[method].get("x-kiosk-order", 0), path, method))
        operations.sort(key=lambda o: o[0])
        for _, path, method in operations:
            path_item = self.document["paths"][path]
            operation = path_item[method]
            url = self.base_url(path_item, operation) + path
            headers, cert, secured = self.credentials(operation)
            if secured:
                self.refused_without_credential(f"{method.upper()} {path}", method, url)
            for name, case in self.requests_of(operation).items():
                where = f"{method.upper()} {path} [{name}]"
                try:
                    response = self.send(method, url, headers, cert, case["params"], case["media"], case["body"])
                except requests.exceptions.RequestException as error:
                    self.fail(where, f"request failed: {error}")
                    continue
                self.check_response(where, operation, response, case["expect"])
        return operations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosk", required=True)
    parser.add_argument("--document", required=True, help="docs/api/openapi.json of the repository")
    args = parser.parse_args()

    with open(args.document, encoding="utf-8") as f:
        repository_document = json.load(f)
    with tempfile.TemporaryDirectory() as scratch:
        proc, facts = start_kiosk(args.kiosk, os.path.join(scratch, "demo"))
        try:
            served = requests.get(facts["mgmt"] + "/api/v1/openapi.json", verify=facts["mgmt-ca"], timeout=30,
                                  headers={"Authorization": "Bearer " + facts["mgmt-operator-token"]})
            if served.status_code != 200 or served.json() != repository_document:
                print("openapi_client: the kiosk serves a document other than the repository's", file=sys.stderr)
                return 1
            client = Client(served.json(), facts)
            operations = client.run()
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = "killed"
        if code != 0:
            client.fail("kiosk", f"exited with {code} after SIGTERM")
    for failure in client.failures:
        print("FAIL " + failure)
    print(f"openapi_client: {len(operations)} operations, {client.calls} responses checked, "
          f"{len(client.failures)} failures")
    return 1 if client.failures else 0


if __name__ == "__main__":
    sys.exit(main())
