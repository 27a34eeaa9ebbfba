"""StreamField blocks of the hub pages, split by theme."""

from hub.blocks.content import KeyFigureBlock, ParagraphBlock, ResourceLinkBlock

HUB_BODY_BLOCKS = [
    ("paragraph", ParagraphBlock()),
    ("key_figure", KeyFigureBlock()),
    ("resource", ResourceLinkBlock()),
]

__all__ = ["HUB_BODY_BLOCKS", "KeyFigureBlock", "ParagraphBlock", "ResourceLinkBlock"]
