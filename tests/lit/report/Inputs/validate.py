"""Validates a JSON document against a JSON Schema (the schema's own draft)."""
import json
import sys

import jsonschema

schema_path, document_path = sys.argv[1], sys.argv[2]
with open(schema_path) as f:
    schema = json.load(f)
with open(document_path) as f:
    document = json.load(f)
jsonschema.validators.validator_for(schema)(schema).validate(document)
print("valid")
