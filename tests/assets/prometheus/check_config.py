#!/usr/bin/env python3
"""`promtool check config` on assets/prometheus/prometheus.yml, as it would be installed.

    check_config.py ASSETS_DIR

The example names its files under /etc/prometheus/, and promtool refuses a token file that does not
exist. So the three files are copied into a temporary directory standing for /etc/prometheus, each
token file the configuration names is made there (a placeholder secret), and promtool checks the
copy, with the rule files it names. Then the fleet's conventions are checked on the parsed
configuration (its YAML merge keys resolved, as Prometheus resolves them): every job is named
ktp-kiosk-..., scrapes https with TLS 1.2 or later against a CA file, sends a bearer token from a
file of its own, and labels each target with its office and kiosk.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import yaml

INSTALLED = "/etc/prometheus/"
FILES = ("prometheus.yml", "alerts.yml", "recording.yml")


def conventions(config):
    found = []
    jobs = config.get("scrape_configs", [])
    if len(jobs) < 2:
        found.append(f"a fleet example needs several kiosks, found {len(jobs)} jobs")
    tokens = set()
    for job in jobs:
        name = job.get("job_name", "")
        where = f"job {name!r}"
        if not name.startswith("ktp-kiosk-"):
            found.append(f"{where}: the rules match jobs named ktp-kiosk-...")
        if job.get("scheme") != "https":
            found.append(f"{where}: scheme must be https")
        tls = job.get("tls_config") or {}
        if not tls.get("ca_file"):
            found.append(f"{where}: no tls_config.ca_file")
        if tls.get("min_version") not in ("TLS12", "TLS13"):
            found.append(f"{where}: tls_config.min_version must be TLS12 or TLS13")
        if tls.get("insecure_skip_verify"):
            found.append(f"{where}: insecure_skip_verify")
        authorization = job.get("authorization") or {}
        token = authorization.get("credentials_file")
        if authorization.get("type", "Bearer") != "Bearer" or not token:
            found.append(f"{where}: needs a bearer token from authorization.credentials_file")
        elif token in tokens:
            found.append(f"{where}: shares its token file with another kiosk ({token})")
        tokens.add(token)
        if not job.get("static_configs") and not job.get("file_sd_configs"):
            found.append(f"{where}: no targets")
        for group in job.get("static_configs", []):
            labels = group.get("labels") or {}
            for label in ("office", "kiosk"):
                if not labels.get(label):
                    found.append(f"{where}: a target without the {label} label")
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    assets = argv[1]
    with tempfile.TemporaryDirectory(prefix="prometheus-config-check-") as etc:
        etc = etc.rstrip("/") + "/"
        for name in FILES:
            shutil.copy(os.path.join(assets, name), os.path.join(etc, name))
        config_path = os.path.join(etc, "prometheus.yml")
        with open(config_path, encoding="utf-8") as stream:
            text = stream.read()
        if INSTALLED not in text:
            print(f"prometheus.yml names no file under {INSTALLED}: nothing to rewrite", file=sys.stderr)
            return 1
        text = text.replace(INSTALLED, etc)
        with open(config_path, "w", encoding="utf-8") as stream:
            stream.write(text)
        config = yaml.safe_load(text)
        for job in config.get("scrape_configs", []):
            token = (job.get("authorization") or {}).get("credentials_file")
            if token:
                os.makedirs(os.path.dirname(token), exist_ok=True)
                with open(token, "w", encoding="ascii") as stream:
                    stream.write("ktk_placeholder\n")
        checked = subprocess.run(["promtool", "check", "config", config_path], capture_output=True, text=True)
        print(checked.stdout + checked.stderr)
        if checked.returncode != 0:
            return 1
        for rules in ("alerts.yml", "recording.yml"):
            if f"Checking {etc}{rules}" not in checked.stdout:
                print(f"promtool did not check the rule file {rules} the configuration names", file=sys.stderr)
                return 1
        found = conventions(config)
        for line in found:
            print(f"CONVENTION: {line}", file=sys.stderr)
        print(f"{len(config.get('scrape_configs', []))} kiosk jobs, {len(found)} problems")
        return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
