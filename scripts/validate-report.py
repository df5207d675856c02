#!/usr/bin/env python3
"""Validates a rendered winscan document against its published JSON Schema.

Usage: validate-report.py KIND FILE
  KIND  report     Schemas/scan-report.schema.json (this repository, draft 2020-12)
        sarif      ../shared/data/schemas/sarif-schema-2.1.0.json (draft-07)
        cyclonedx  ../shared/data/schemas/bom-1.6.schema.json (draft-07; spdx and jsf resolved by $id)
        openvex    ../shared/data/schemas/openvex_json_schema.json (draft 2020-12)

Formats are checked too (date-time when rfc3339-validator is installed). Prints every error as
"FILE: at PATH: MESSAGE" and exits 1 when the document is invalid, 2 on bad usage or a missing
schema or module, 0 when it is valid.
"""

import json
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "schemas"
SCHEMAS = {
    "report": REPO / "Schemas" / "scan-report.schema.json",
    "sarif": SHARED / "sarif-schema-2.1.0.json",
    "cyclonedx": SHARED / "bom-1.6.schema.json",
    "openvex": SHARED / "openvex_json_schema.json",
}
CYCLONEDX_REFERENCED = ["spdx.schema.json", "jsf-0.82.schema.json"]


def fail_usage(message):
    print(f"validate-report: {message}", file=sys.stderr)
    sys.exit(2)


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv):
    if len(argv) != 3 or argv[1] not in SCHEMAS:
        fail_usage(f"usage: {pathlib.Path(argv[0]).name} {'|'.join(SCHEMAS)} FILE")
    kind, document_path = argv[1], argv[2]
    try:
        import jsonschema
        import referencing
        import referencing.jsonschema
    except ImportError as error:
        fail_usage(f"python module missing: {error.name} (pip install jsonschema referencing)")

    schema_path = SCHEMAS[kind]
    if not schema_path.is_file():
        fail_usage(f"schema not found: {schema_path}")
    schema = load_json(schema_path)

    resources = []
    if kind == "cyclonedx":
        for name in CYCLONEDX_REFERENCED:
            referenced = load_json(SHARED / name)
            resource = referencing.jsonschema.DRAFT7.create_resource(referenced)
            resources.append((referenced["$id"], resource))
    registry = referencing.Registry().with_resources(resources)

    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, registry=registry, format_checker=validator_class.FORMAT_CHECKER)

    try:
        document = load_json(document_path)
    except (OSError, ValueError) as error:
        print(f"{document_path}: not JSON: {error}")
        return 1

    errors = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{document_path}: at {location}: {error.message}")
    if errors:
        print(f"{document_path}: INVALID {kind} ({len(errors)} error{'s' if len(errors) != 1 else ''})")
        return 1
    print(f"{document_path}: valid {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
