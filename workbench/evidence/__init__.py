"""Evidence packages (.wbpkg): format, verification, import, and the school-side builder.

The GUI calls `verify_package` / `import_package` on a worker thread with `progress` and
`cancel` callbacks; schools use `write_template` and `build_package` (or the CLI).
"""

from workbench.evidence.builder import build_package, collect
from workbench.evidence.demo import DEMO_SCHOOL_CODE, demo_package_path
from workbench.evidence.importer import ImportResult, import_package
from workbench.evidence.limits import Limits
from workbench.evidence.manifest import FORMAT, manifest_hash, parse_manifest, validate_manifest
from workbench.evidence.template import write_template
from workbench.evidence.verify import PackageReader, VerifiedFile, VerifiedPackage, verify_package
from workbench.evidence.workbook import read_workbook
from workbench.evidence.writer import SourceFile, write_package

__all__ = [
    "DEMO_SCHOOL_CODE", "FORMAT", "ImportResult", "Limits", "PackageReader", "SourceFile",
    "VerifiedFile", "VerifiedPackage", "build_package", "collect", "demo_package_path",
    "import_package", "manifest_hash", "parse_manifest", "read_workbook", "validate_manifest",
    "verify_package", "write_package", "write_template",
]
