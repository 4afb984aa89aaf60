"""Open Referral HSDS 3.0.0: providers, their Termine and networks as an exact data
package (official tables, descriptor and UUIDs, documented extension tables), read back
from one, and as the records of the read-only HSDS API."""

from providers.hsds.api import HsdsCatalogue, HsdsRequestError, openapi_description
from providers.hsds.ids import DEFAULT_NAMESPACE, namespace_from
from providers.hsds.package import hsds_tables, write_hsds
from providers.hsds.read import PackageError, read_hsds
from providers.hsds.spec import HSDS_VERSION, SPEC_DIR

__all__ = [
    "DEFAULT_NAMESPACE",
    "HSDS_VERSION",
    "SPEC_DIR",
    "HsdsCatalogue",
    "HsdsRequestError",
    "PackageError",
    "hsds_tables",
    "namespace_from",
    "openapi_description",
    "read_hsds",
    "write_hsds",
]
