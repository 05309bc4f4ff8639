"""Writes 50 plans with findings to DIR for the many-files tests: copies of
the examples and of the mistakes gallery, each with its components renamed
(so no two files report the same text), some in a subdirectory, one that
does not parse."""
import os
import re
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    plans = [os.path.join(src, "examples", "contoso.cut")]
    gallery = os.path.join(src, "examples", "mistakes")
    plans += [os.path.join(gallery, n) for n in sorted(os.listdir(gallery)) if n.endswith(".cut")]
    os.makedirs(os.path.join(dst, "sub"))
    for i in range(49):
        with open(plans[i % len(plans)], encoding="utf-8") as fh:
            text = fh.read()
        # Rename the components and data sets (`# expect:` comments too).
        names = set(re.findall(r"^\s*(?:[a-z_]+|data)\s+([a-z][a-z0-9_]*)\s*\{", text, re.M))
        for name in sorted(names, key=len, reverse=True):
            text = re.sub(rf"\b{name}\b", f"{name}_{i}", text)
        name = f"{i:02d}-{os.path.basename(plans[i % len(plans)])}"
        with open(os.path.join(dst, "sub" if i % 7 == 3 else "", name), "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(os.path.join(dst, "49-syntax-error.cut"), "w", encoding="utf-8") as fh:
        fh.write("deployment d {\n  front_end fe { users }\n}\n")


if __name__ == "__main__":
    main()
