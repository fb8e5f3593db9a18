#!/usr/bin/python3
"""Reads a Prometheus text exposition from stdin, checks it with
prometheus_client's parser (every family has a TYPE, every sample parses,
no family appears twice), and prints one "NAME{LABELS} VALUE" line per
sample, labels sorted, for the shell test to grep.  Exit 1 on a bad
exposition."""
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.read()
    if not text.endswith("\n"):
        sys.exit("metrics: exposition does not end with a newline")
    typed = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            name = line.split()[2]
            if name in typed:
                sys.exit("metrics: TYPE of %s given twice" % name)
            typed.add(name)
    out = []
    try:
        for fam in text_string_to_metric_families(text):
            if fam.type == "unknown":
                sys.exit("metrics: family %s has no TYPE" % fam.name)
            for s in fam.samples:
                labels = ",".join('%s="%s"' % kv for kv in sorted(s.labels.items()))
                value = s.value
                if value == int(value):
                    value = int(value)
                out.append("%s{%s} %s" % (s.name, labels, value))
    except ValueError as e:
        sys.exit("metrics: does not parse: %s" % e)
    print("\n".join(out))


main()
