"""HTML to PDF with WeasyPrint, fetching nothing but the package's own assets.

`html_to_pdf` is the one door to WeasyPrint: audit reports and comparison reports both go through
it. WeasyPrint fetches whatever a document names (`file://`, `http://`, `data:`, attachments), so
the escaping in the templates is the first defence and `AssetsOnlyFetcher` the second: it serves
only files that resolve (symlinks and `..` followed) inside `render/assets/`, refuses everything
else, records each refusal and stops the rendering. Anything refused turns into a `RenderError`
and no file is written (the PDF is rendered in memory, then written by `fileout.write_bytes`).
"""

from __future__ import annotations

import contextlib
import gc
import io
import mimetypes
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from ..errors import RenderError
from ..i18n import _

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

ASSETS = Path(__file__).resolve().parent / "assets"

#: Variants `html_to_pdf` accepts. WeasyPrint takes one variant at a time; PDF/A-3b is rendered
#: tagged too (pdf_tags=True), so an archival copy keeps the structure tree.
VARIANTS: dict[str, dict[str, Any]] = {
    "pdf/ua-1": {"pdf_variant": "pdf/ua-1"},
    "pdf/a-3b": {"pdf_variant": "pdf/a-3b", "pdf_tags": True},
}
DEFAULT_VARIANT = "pdf/ua-1"


def assets_base_url() -> str:
    """The base URL documents are rendered against: relative URLs resolve into the assets."""
    return ASSETS.as_uri() + "/"


def asset_path(url: str, root: Path = ASSETS) -> Path | None:
    """The file `url` names if it is a `file:` URL resolving to a file under `root`, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    base = root.resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path


def _import_weasyprint() -> None:
    """Import WeasyPrint without its notice that a future version will need HarfBuzz-Subset:
    nothing a user of orgaudit can act on, and it would fail runs where warnings are errors."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint  # noqa: F401


def make_fetcher(root: Path = ASSETS) -> Any:
    """A `weasyprint.urls.URLFetcher` that serves files under `root` and refuses the rest.

    Refused URLs are kept in its `refused` list. Built lazily so that WeasyPrint is imported only
    when a PDF is asked for.
    """
    _import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = asset_path(url, root)
            if path is None:
                self.refused.append(url)
                # BaseException: WeasyPrint's `except Exception` would only log and go on.
                raise FatalURLFetchingError(f"refused to fetch {url[:200]!r}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime}
            )

    return AssetsOnlyFetcher()


def html_to_pdf(html: str, output: Path, *, variant: str | None = None) -> None:
    """Render `html` (a whole document from our templates) to a PDF file at `output`.

    `variant` is "pdf/ua-1" (the default: tagged, accessible) or "pdf/a-3b" (archival, also
    tagged). The document's `<html lang>` and `<title>` become the PDF's language and title.
    Raises `RenderError` when the document tried to fetch anything outside the package's assets;
    `output` is then left untouched.
    """
    chosen = variant or DEFAULT_VARIANT
    if chosen not in VARIANTS:
        raise RenderError(
            _("unknown PDF variant {variant!r}").format(variant=chosen),
            hint=_("choose one of {choices}").format(choices=", ".join(sorted(VARIANTS))),
        )
    _import_weasyprint()
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = make_fetcher()
    output = Path(output)
    from ..fileout import resolve_target, write_bytes

    resolve_target(output)  # a folder or a named pipe is refused before the rendering
    buffer = io.BytesIO()
    # A refusal raises FatalURLFetchingError (a BaseException) and is recorded in
    # fetcher.refused, which is reported below.
    with contextlib.suppress(FatalURLFetchingError), warnings.catch_warnings():
        # WeasyPrint 70 leaves its sRGB profile open for PDF/A: not ours to report.
        warnings.simplefilter("ignore", ResourceWarning)
        HTML(string=html, base_url=assets_base_url(), url_fetcher=fetcher).write_pdf(
            buffer, attachments=[], **VARIANTS[chosen]
        )
        if chosen.startswith("pdf/a"):
            gc.collect()
    if fetcher.refused:
        raise RenderError(
            _("the document tried to fetch {urls}").format(
                urls=", ".join(repr(u[:80]) for u in fetcher.refused[:3])
            ),
            file=str(output),
            hint=_("reports may only use the package's own assets; nothing was written"),
        )
    # Rendered in memory, written in one atomic step: an interruption while WeasyPrint works
    # leaves no temporary file behind.
    write_bytes(output, buffer.getvalue())
