"""One line per diff of a `cutover diff --format json` document: the versions
and the IDs of the introduced findings."""
import json
import sys

document = json.load(open(sys.argv[1]))
for d in document["diffs"]:
    ids = " ".join(f["id"] for f in d["findings"]["introduced"])
    print(f'{d["old"]["file"]} -> {d["new"]["file"]}: introduced {ids}')
