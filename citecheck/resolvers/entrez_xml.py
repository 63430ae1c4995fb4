"""Read a PubMed efetch body with Biopython, never going online.

Biopython's ``Bio.Entrez.read`` does the XML reading. It reads the DTD that
the answer's DOCTYPE names and, when it does not ship that file, downloads it
with ``urlopen`` and no timeout. That must never happen here, so before
Biopython sees a body:

1. a quick offline pass with expat (which never reads DTDs or entities by
   itself) checks that the root is ``PubmedArticleSet``, collects the texts
   of ``<ERROR>`` elements and refuses internal DTD subsets (efetch never
   sends one, and they are the way to entity tricks);
2. the DOCTYPE is pointed at a DTD that is on disk: the one it names when
   Biopython ships it or ``dtd_dir`` holds it, otherwise the newest PubMed
   DTD Biopython ships; a missing DOCTYPE (or XML declaration) is added;
3. while Biopython parses, the ``urlopen`` name in ``Bio.Entrez.Parser`` is
   replaced by a function that refuses, and ``DataHandler.local_dtd_dir`` is
   set to ``dtd_dir``. Both are module-wide state, so parses are serialised
   by a lock and both are restored afterwards.

``<ERROR>`` elements: NCBI sends errors with HTTP 200. An error document
(``<eFetchResult><ERROR>...``, no article set) raises
:class:`~citecheck.errors.MalformedResponse` carrying the error text;
``<ERROR>`` elements inside an article set are returned in
:attr:`PubmedXml.errors` next to what Biopython read.

:mod:`citecheck.resolvers.pubmed_record` turns what Biopython read into
records; nothing in this module knows what an article holds.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from xml.parsers import expat

from Bio import Entrez
from Bio.Entrez import Parser

from citecheck.errors import MalformedResponse

logger = logging.getLogger(__name__)

# Biopython ships ``py.typed`` but leaves ``Entrez.read`` unannotated, and we
# reach into ``Bio.Entrez.Parser`` module state its annotations do not cover
# (``urlopen``, ``DataHandler.local_dtd_dir``): both are held as Any.
_ENTREZ: Any = Entrez
_PARSER: Any = Parser

__all__ = ["ARTICLE_SET", "PubmedXml", "read_pubmed_xml"]

ARTICLE_SET = "PubmedArticleSet"
"""The root element of every efetch answer :func:`read_pubmed_xml` accepts."""


class PubmedXml(NamedTuple):
    """An efetch body as Biopython read it, and NCBI's errors inside it."""

    parsed: Any
    """Biopython's object for the ``PubmedArticleSet`` (``escape=True``): a
    mapping of ``PubmedArticle`` and ``PubmedBookArticle`` lists for the
    current DTDs, a plain list of both kinds for the 2008-2015 ones."""

    errors: tuple[str, ...]
    """The texts of ``<ERROR>`` elements inside the set, whitespace folded.
    When not empty the answer may be partial."""


_DTD_BASE_URL = "https://dtd.nlm.nih.gov/ncbi/pubmed/out/"
_PUBMED_DTD_RE = re.compile(r"pubmed_[0-9]{6}\.dtd")
_XML_DECLARATION = b'<?xml version="1.0" ?>\n'
_QUOTED = rb"(?:\"[^\"]*\"|'[^']*')"
_DOCTYPE_RE = re.compile(
    rb"<!DOCTYPE\s+[^\s>\[]+(?:\s+(?:SYSTEM\s*%s|PUBLIC\s*%s\s*%s))?\s*>" % ((_QUOTED,) * 3)
)

# Bio.Entrez.Parser keeps the DTD folder and ``urlopen`` at module level;
# one lock makes swapping them safe when resolvers parse from several threads.
_PARSE_LOCK = threading.Lock()


def read_pubmed_xml(body: bytes, *, dtd_dir: str | Path | None = None) -> PubmedXml:
    """Read an efetch answer (``db=pubmed``, ``retmode=xml``) with Biopython
    without any network access.

    ``dtd_dir`` is a folder of cached DTDs (created when missing) that
    Biopython may read besides the DTDs it ships; nothing is ever downloaded.

    Returns a :class:`PubmedXml`: what Biopython read and the ``<ERROR>``
    texts inside the set. Raises :class:`~citecheck.errors.MalformedResponse`
    when the body is not a ``PubmedArticleSet``: empty, truncated, HTML,
    JSON, an NCBI error document (the message carries NCBI's text), one with
    an internal DTD subset, or XML Biopython cannot read (one that needs a
    file that is not on disk included). Raises ``RuntimeError`` when the
    Biopython installation ships no PubMed DTD.
    """
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    if not body.strip():
        raise MalformedResponse("empty body")
    outline = _outline(body)
    if outline.root != ARTICLE_SET:
        if outline.errors:
            raise MalformedResponse("NCBI error: " + "; ".join(outline.errors))
        raise MalformedResponse(f"expected <{ARTICLE_SET}>, got <{outline.root}>")
    folder = _dtd_folder(dtd_dir)
    parsed = _read(_prepared(body, outline, folder), folder)
    return PubmedXml(parsed, tuple(outline.errors))


# --------------------------------------------------------------------------
# The offline pass


class _Refused(Exception):
    """Raised from an expat handler to stop reading a body we will not parse."""


@dataclass
class _Outline:
    """What the offline pass saw; offsets are byte offsets into the body."""

    root: str | None = None
    root_at: int = 0
    has_declaration: bool = False
    doctype_at: int | None = None
    system_id: str | None = None
    errors: list[str] = field(default_factory=list)


class _Outliner:
    """Expat handlers for :func:`_outline`. Expat without an external-entity
    handler reads no DTD and no entity, so this pass is offline by nature."""

    def __init__(self) -> None:
        self.outline = _Outline()
        self.parser = expat.ParserCreate()
        self.parser.XmlDeclHandler = self.xml_declaration
        self.parser.StartDoctypeDeclHandler = self.start_doctype
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.error_depth = 0
        self.error_text: list[str] = []

    def xml_declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        self.outline.has_declaration = True

    def start_doctype(
        self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: int
    ) -> None:
        if has_internal_subset:
            raise _Refused("an internal DTD subset (efetch never sends one)")
        self.outline.doctype_at = self.parser.CurrentByteIndex
        self.outline.system_id = system_id

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.outline.root is None:
            self.outline.root = name
            self.outline.root_at = self.parser.CurrentByteIndex
        if self.error_depth:
            self.error_depth += 1
        elif name == "ERROR":
            self.error_depth = 1
            self.error_text = []

    def end(self, name: str) -> None:
        if self.error_depth:
            self.error_depth -= 1
            if not self.error_depth:
                text = " ".join("".join(self.error_text).split())
                if text:
                    self.outline.errors.append(text)

    def characters(self, data: str) -> None:
        if self.error_depth:
            self.error_text.append(data)


def _outline(body: bytes) -> _Outline:
    outliner = _Outliner()
    try:
        outliner.parser.Parse(body, True)
    except expat.ExpatError as exc:
        raise MalformedResponse(f"not well-formed XML: {exc}") from exc
    except _Refused as exc:
        raise MalformedResponse(f"refused {exc}") from exc
    except (ValueError, LookupError) as exc:  # an unknown or broken declared encoding
        raise MalformedResponse(f"unreadable XML: {exc}") from exc
    return outliner.outline


# --------------------------------------------------------------------------
# A DOCTYPE naming a DTD on disk


def _dtd_folder(dtd_dir: str | Path | None) -> Path | None:
    if dtd_dir is None:
        return None
    folder = Path(dtd_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # A cache folder we cannot create must not stop verification: the
        # DTDs Biopython ships are enough.
        logger.warning("cannot create the DTD folder %s: %s", folder, exc)
        return None
    return folder


def _shipped_dtd_folder() -> Path:
    return Path(_PARSER.DataHandler.global_dtd_dir)


def _newest_shipped_dtd() -> str:
    """The newest ``pubmed_YYMMDD.dtd`` Biopython ships (names sort by date)."""
    names = [p.name for p in _shipped_dtd_folder().iterdir() if _PUBMED_DTD_RE.fullmatch(p.name)]
    if not names:
        raise RuntimeError("Biopython ships no PubMed DTD: its installation is broken")
    return max(names)


def _dtd_name(system_id: str | None, folder: Path | None) -> str:
    """The DTD to parse with: the one named when it is on disk, else the newest shipped."""
    if system_id:
        name = system_id.rsplit("/", 1)[-1]
        if _PUBMED_DTD_RE.fullmatch(name) and (
            (_shipped_dtd_folder() / name).is_file()
            or (folder is not None and (folder / name).is_file())
        ):
            return name
    return _newest_shipped_dtd()


def _prepared(body: bytes, outline: _Outline, folder: Path | None) -> bytes:
    """``body`` with a DOCTYPE naming a DTD on disk, at the URL Biopython trusts."""
    url = _DTD_BASE_URL + _dtd_name(outline.system_id, folder)
    doctype = f'<!DOCTYPE {ARTICLE_SET} SYSTEM "{url}">'.encode("ascii")
    if outline.doctype_at is None:
        at = outline.root_at
        body = body[:at] + doctype + b"\n" + body[at:]
    elif outline.system_id != url:
        # Expat reports the declaration at its end ('>') in some versions and
        # its start in others: look back from whichever it gave.
        start = body.rfind(b"<!DOCTYPE", 0, outline.doctype_at + len(b"<!DOCTYPE"))
        match = _DOCTYPE_RE.match(body, start) if start >= 0 else None
        if match is None:
            raise MalformedResponse("cannot read the DOCTYPE declaration")
        body = body[: match.start()] + doctype + body[match.end() :]
    if not outline.has_declaration:
        # Biopython only starts reading after an XML declaration.
        body = _XML_DECLARATION + body
    return body


# --------------------------------------------------------------------------
# Biopython, with the network shut off


class _NetworkRefused(Exception):
    """Biopython asked for a URL while parsing; we never go online here. Not an
    OSError, so that Biopython does not wrap it and the URL reaches the caller."""


def _refuse_network(url: object, *args: object, **kwargs: object) -> NoReturn:
    logger.warning("refused Biopython's request for %s while reading a PubMed answer", url)
    raise _NetworkRefused(f"network access refused: {url}")


def _read(body: bytes, folder: Path | None) -> Any:
    handler = _PARSER.DataHandler
    with _PARSE_LOCK:
        saved_folder, saved_urlopen = handler.local_dtd_dir, _PARSER.urlopen
        handler.local_dtd_dir = None if folder is None else str(folder)
        _PARSER.urlopen = _refuse_network
        try:
            # escape=True keeps markup (<i>, MathML) apart from text: text
            # comes escaped, so every "<" left in a string starts a tag.
            return _ENTREZ.read(io.BytesIO(body), validate=False, escape=True, ignore_errors=True)
        except _NetworkRefused as exc:
            raise MalformedResponse(f"the body needs a file that is not on disk ({exc})") from exc
        except Exception as exc:
            # Biopython raises many types on bad input (NotXMLError,
            # CorruptedXMLError, RuntimeError, KeyError, AssertionError...);
            # all of them mean the same thing here.
            raise MalformedResponse(f"Biopython could not read the body: {exc}") from exc
        finally:
            _PARSER.urlopen = saved_urlopen
            handler.local_dtd_dir = saved_folder
