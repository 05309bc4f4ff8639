"""Validates a compiled phase graph (JSON) against docs/phase-graph.schema.json."""
import json
import sys

import jsonschema

schema_path, document_path = sys.argv[1], sys.argv[2]
with open(schema_path) as f:
    schema = json.load(f)
with open(document_path) as f:
    document = json.load(f)
jsonschema.Draft202012Validator(schema).validate(document)
print("valid")
