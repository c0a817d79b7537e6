"""Figures as the page marks them up: an image's caption and credit from its `<figure>`,
where trafilatura keeps only the image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import html

from ..figures import split_credit, without_label

CAPTION_CLASSED = (
    "//*[contains(@class,'caption') and not(self::figcaption or self::figure)]"
    "[not(.//img) and not(ancestor::figure[.//figcaption])]"
)


@dataclass
class FigureCaptions:
    by_src: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)  # captions as the page shows them

    def get(self, src: str, fallback: str | None) -> tuple[str | None, str | None]:
        found = self.by_src.get(src) or self.by_src.get(src.rsplit("/", 1)[-1])
        if found:
            return found
        return split_credit(fallback) if fallback else (None, None)

    def is_caption(self, text: str) -> bool:
        return text in self.texts


def figure_captions(tree: html.HtmlElement) -> FigureCaptions:
    captions = FigureCaptions()
    for figure, caption_element in _captioned_images(tree):
        whole = _plain(caption_element)
        credits = caption_element.xpath(
            ".//*[self::cite or self::small or contains(@class,'credit') "
            "or contains(@class,'copyright') or contains(@class,'source')]"
        )
        credits += figure.xpath(".//*[contains(@class,'credit') and not(ancestor::figcaption)]")
        credit: str | None
        if credits:
            shown = _plain(credits[0])
            caption = whole.replace(shown, "").strip() or whole
            captions.texts.update((whole, caption, f"{caption} {shown}"))
            credit = without_label(shown)
        else:
            caption, credit = split_credit(whole)
            captions.texts.update((whole, caption))
        for img in figure.xpath(".//img"):
            for src in (img.get("src"), img.get("data-src")):
                if src:
                    captions.by_src[src] = (caption, credit or None)
                    captions.by_src.setdefault(src.rsplit("/", 1)[-1], (caption, credit or None))
    return captions


def _captioned_images(
    tree: html.HtmlElement,
) -> Iterator[tuple[html.HtmlElement, html.HtmlElement]]:
    """(the element holding an image, its caption): a `<figure>` and its `<figcaption>`, or an
    element classed as a caption beside a single image, as WordPress and others set them."""
    for figure in tree.xpath("//figure[.//img and .//figcaption]"):
        yield figure, figure.xpath(".//figcaption")[0]
    for caption in tree.xpath(CAPTION_CLASSED):
        holder = caption.getparent()
        if holder is not None and len(holder.xpath(".//img")) == 1:
            yield holder, caption


def _plain(element: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()
