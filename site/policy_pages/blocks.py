"""StreamField blocks for policy documents: headings, numbered subsections, paragraphs, annexes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SubsectionBlock(blocks.StructBlock):
    """A numbered subsection such as （一）逐户上门摸清底数。: number, bold lead-in sentence, text."""

    number = blocks.CharBlock(label=_("序号"), max_length=10, help_text=_("例如：（一）"))
    lead = blocks.CharBlock(label=_("要点"), max_length=60, help_text=_("加粗显示的首句，例如：逐户上门摸清底数。"))
    text = blocks.TextBlock(label=_("正文"))

    class Meta:
        icon = "list-ol"
        label = _("条目")
        template = "policy_pages/blocks/subsection.html"


class AnnexBlock(blocks.StructBlock):
    """A line of the annex list (附件：1.…), linking to the page that presents the annex."""

    number = blocks.CharBlock(label=_("附件序号"), max_length=5)
    title = blocks.CharBlock(label=_("附件名称"), max_length=80)
    page = blocks.PageChooserBlock(label=_("附件页面"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "policy_pages/blocks/annex.html"


class PolicyBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("章节标题"), max_length=60, form_classname="title",
        template="policy_pages/blocks/heading.html",
    )
    subsection = SubsectionBlock()
    paragraph = blocks.TextBlock(label=_("段落"), template="policy_pages/blocks/paragraph.html")
    annex = AnnexBlock()


def block_plain_text(block):
    """The reader-visible text of one body block, for the search index and excerpts."""
    value = block.value
    if block.block_type == "subsection":
        return f"{value['number']}{value['lead']}{value['text']}"
    if block.block_type == "annex":
        return f"附件{value['number']}：{value['title']}"
    return str(value)
