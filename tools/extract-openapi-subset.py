#!/usr/bin/env python3
"""Copies from Atlassian's Jira Cloud platform OpenAPI spec the success response schemas (200, or 201 for
a create) of the endpoints the emulator serves (and every schema they reference), so tests can validate
the emulator's answers without the 2.4 MB spec. Run from the project root:

  python3 tools/extract-openapi-subset.py ../shared/datasets/openapi/jira-platform-swagger-v3.v3.json
"""
import json
import sys

OPERATIONS = [
    ("/rest/api/3/search/jql", "get"), ("/rest/api/3/search/jql", "post"),
    ("/rest/api/3/search/approximate-count", "post"), ("/rest/api/3/changelog/bulkfetch", "post"),
    ("/rest/api/3/status", "get"), ("/rest/api/3/field", "get"),
    ("/rest/api/3/project/search", "get"), ("/rest/api/3/project/{projectIdOrKey}", "get"), ("/rest/api/3/project/{projectIdOrKey}/statuses", "get"),
    ("/rest/api/3/issuetype/project", "get"), ("/rest/api/3/mypermissions", "get"), ("/rest/api/3/myself", "get"),
    ("/rest/api/3/issue/{issueIdOrKey}", "get"), ("/rest/api/3/issue/{issueIdOrKey}/properties", "get"),
    ("/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", "get"),
    ("/rest/api/3/issue", "post"),
]
EXTRA = ["ErrorCollection", "BulkChangelogRequestBean", "SearchAndReconcileRequestBean"]

spec = json.load(open(sys.argv[1]))
schemas = spec["components"]["schemas"]
needed, operations = set(), {}


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"].split("/")[-1]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def add(name):
    if name in needed:
        return
    needed.add(name)
    for r in refs(schemas[name]):
        add(r)


for path, method in OPERATIONS:
    op = spec["paths"][path][method]
    # An operation's success answer: 200, or 201 for one that creates (createIssue).
    success = "200" if "200" in op["responses"] else "201"
    schema = op["responses"][success]["content"]["application/json"]["schema"]
    operations[f"{method.upper()} {path}"] = {"operationId": op["operationId"], "response": schema}
    for r in refs(schema):
        add(r)
for name in EXTRA:
    add(name)

out = {
    "source": "Atlassian Jira Cloud platform REST API v3 OpenAPI spec, info.version " + spec["info"]["version"],
    "operations": operations,
    "components": {"schemas": {k: schemas[k] for k in sorted(needed)}},
}
json.dump(out, open("test/fixtures/openapi/jira-platform-v3-subset.json", "w"), indent=1, sort_keys=True)
print(len(needed), "schemas,", len(operations), "operations")
