#!/usr/bin/env python3
"""Copies from Atlassian's Jira Cloud platform OpenAPI spec the success response schemas (200, or 201 for
a create) of the endpoints the emulator serves (and every schema they reference), so tests can validate
the emulator's answers without the 2.4 MB spec; given the Jira Software spec as well, does the same for
the agile endpoints (boards and sprints) into jira-software-subset.json. Run from the project root:

  python3 tools/extract-openapi-subset.py ../shared/datasets/openapi/jira-platform-swagger-v3.v3.json \
      [../shared/datasets/openapi/jira-software-swagger.v3.json]
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

SOFTWARE_OPERATIONS = [
    ("/rest/agile/1.0/board", "get"), ("/rest/agile/1.0/board/{boardId}", "get"),
    ("/rest/agile/1.0/board/{boardId}/configuration", "get"), ("/rest/agile/1.0/board/{boardId}/sprint", "get"),
    ("/rest/agile/1.0/board/{boardId}/backlog", "get"), ("/rest/agile/1.0/board/{boardId}/issue", "get"),
    ("/rest/agile/1.0/sprint/{sprintId}", "get"), ("/rest/agile/1.0/sprint/{sprintId}/issue", "get"),
]
# Three of the Jira Software spec's 200 answers carry only an example, no schema. Each gets the schema
# its example shows, from the spec's own components: a sprint is a SprintBean (the example's keys are
# its properties), a page of a board's sprints is the spec's page shape around SprintBeans, and a
# sprint's work items are SearchResults like the backlog's and the board's.
SOFTWARE_FALLBACKS = {
    "GET /rest/agile/1.0/sprint/{sprintId}": {"$ref": "#/components/schemas/SprintBean"},
    "GET /rest/agile/1.0/board/{boardId}/sprint": {
        "type": "object",
        "properties": {
            "maxResults": {"type": "integer", "format": "int32"},
            "startAt": {"type": "integer", "format": "int64"},
            "total": {"type": "integer", "format": "int64"},
            "isLast": {"type": "boolean"},
            "values": {"type": "array", "items": {"$ref": "#/components/schemas/SprintBean"}},
        },
        "additionalProperties": False,
    },
    "GET /rest/agile/1.0/sprint/{sprintId}/issue": {"$ref": "#/components/schemas/SearchResults"},
}
SOFTWARE_EXTRA = ["SprintBean"]


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"].split("/")[-1]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def extract(spec_file, wanted, extra, out_file, title, fallbacks=None):
    spec = json.load(open(spec_file))
    schemas = spec["components"]["schemas"]
    needed, operations = set(), {}

    def add(name):
        if name in needed:
            return
        needed.add(name)
        for r in refs(schemas[name]):
            add(r)

    for path, method in wanted:
        op = spec["paths"][path][method]
        key = f"{method.upper()} {path}"
        # An operation's success answer: 200, or 201 for one that creates (createIssue).
        success = "200" if "200" in op["responses"] else "201"
        content = op["responses"][success]["content"]["application/json"]
        schema = content["schema"] if "schema" in content else (fallbacks or {})[key]
        operations[key] = {"operationId": op["operationId"], "response": schema}
        for r in refs(schema):
            add(r)
    for name in extra:
        add(name)

    out = {
        "source": title + ", info.version " + spec["info"]["version"],
        "operations": operations,
        "components": {"schemas": {k: schemas[k] for k in sorted(needed)}},
    }
    json.dump(out, open(out_file, "w"), indent=1, sort_keys=True)
    print(out_file + ":", len(needed), "schemas,", len(operations), "operations")


extract(sys.argv[1], OPERATIONS, EXTRA, "test/fixtures/openapi/jira-platform-v3-subset.json",
        "Atlassian Jira Cloud platform REST API v3 OpenAPI spec")
if len(sys.argv) > 2:
    extract(sys.argv[2], SOFTWARE_OPERATIONS, SOFTWARE_EXTRA, "test/fixtures/openapi/jira-software-subset.json",
            "Atlassian Jira Software Cloud REST API OpenAPI spec", SOFTWARE_FALLBACKS)
