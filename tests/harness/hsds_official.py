"""Checks against the official Open Referral HSDS 3.0 material in ``tests/data/hsds3``
(copied from github.com/openreferral/specification, branch 3.0, commit 279fd2e;
CC BY-SA 4.0, see the LICENSE there): frictionless with the official
``datapackage.json``, jsonschema with the official JSON Schemas and format checks."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path

import frictionless
import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

OFFICIAL = Path(__file__).resolve().parents[1] / "data" / "hsds3"
_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def official_errors(package: bytes, folder: Path) -> list[str]:
    """Every error frictionless finds in a zipped package, validated against the
    official descriptor trimmed to the tables present (as the specification's own
    ``examples/make_datapackages.py`` does; extension tables are not in it)."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        opened.extractall(folder)
    descriptor = json.loads((OFFICIAL / "datapackage.json").read_text(encoding="utf-8"))
    present = {path.name for path in folder.glob("*.csv")}
    descriptor["resources"] = [r for r in descriptor["resources"] if r["path"] in present]
    names = {r["name"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        keys = [
            k
            for k in resource["schema"].pop("foreignKeys", [])
            if k["reference"]["resource"] in names
        ]
        if keys:
            resource["schema"]["foreignKeys"] = keys
    (folder / "official.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = frictionless.validate(str(folder / "official.json"))
    return [
        f"{task.name} row {error.get('rowNumber')}: {error.type}: {error.note}"
        for task in report.tasks
        for error in task.errors
    ] + [f"{error.type}: {error.note}" for error in report.errors]


@cache
def _registry() -> Registry:
    resources = []
    for path in [
        *(OFFICIAL / "schema").glob("*.json"),
        *(OFFICIAL / "schema" / "compiled").glob("*.json"),
    ]:
        name = path.relative_to(OFFICIAL / "schema").as_posix()
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((_BASE + name, Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


def schema_errors(instance: object, schema: str) -> list[str]:
    """Errors of a JSON answer against an official schema (``service.json``,
    ``compiled/service_list.json`` or a full URL), formats checked."""
    uri = schema if schema.startswith("https://") else _BASE + schema
    name = uri.removeprefix(_BASE)
    if name.startswith("compiled/") and not (OFFICIAL / "schema" / name).exists():
        # compiled/service.json is service.json with its references expanded (2 MB);
        # the copy keeps the source schemas and resolves the references itself
        uri = _BASE + name.removeprefix("compiled/")
    validator = jsonschema.Draft202012Validator(
        {"$ref": uri},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
