"""The channels of a communication plan and what each accepts (length limits, format).

The limits are the platforms' own where they publish one (Facebook, TikTok, YouTube, Zalo OA's article API); for
LED screens, commune radio and leaflets they are the province's house rules: what a passer-by reads in a few
seconds, what a commune loudspeaker reads in about five minutes at 150 words a minute, what fits a folded A4.
A variant over its channel's limit is refused with a message naming the channel, the field and the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PRESS_PROVINCIAL = "press_provincial", _("Báo chí địa phương")
    PRESS_CENTRAL = "press_central", _("Báo chí Trung ương")
    PORTAL = "portal", _("Cổng thông tin điện tử tỉnh")
    AGENCY_SITE = "agency_site", _("Trang thông tin điện tử của cơ quan")
    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo OA")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    RADIO = "radio", _("Đài truyền thanh cấp xã")
    LED = "led", _("Màn hình LED")
    LEAFLET = "leaflet", _("Tờ rơi, tờ gấp")
    EVENT = "event", _("Hội nghị, đối thoại, họp báo")


@dataclass(frozen=True)
class ChannelRule:
    title_max: int | None  # characters; None: no limit of its own
    body_max: int | None
    title_required: bool
    format: Promise  # what the variant should look like, shown next to the form


RULES: dict[str, ChannelRule] = {
    Channel.PRESS_PROVINCIAL: ChannelRule(250, None, True, _("Thông cáo, tin bài gửi cơ quan báo chí.")),
    Channel.PRESS_CENTRAL: ChannelRule(250, None, True, _("Thông cáo, tin bài gửi cơ quan báo chí.")),
    Channel.PORTAL: ChannelRule(250, None, True, _("Tin bài đăng cổng thông tin; được kéo về qua nguồn tin Atom/RSS.")),
    Channel.AGENCY_SITE: ChannelRule(250, None, True, _("Tin bài đăng trang của cơ quan; kéo về qua Atom/RSS.")),
    # Graph API: a Page post's message is at most 63,206 characters.
    Channel.FACEBOOK: ChannelRule(None, 63_206, False, _("Bài đăng Trang: nội dung và một liên kết.")),
    # Zalo OA article API: title ≤ 150, the body is a list of text blocks (no fixed cap; we keep one of 50,000).
    Channel.ZALO: ChannelRule(150, 50_000, True, _("Bài viết Zalo OA: tiêu đề, ảnh bìa, nội dung.")),
    # Content Posting API: the caption (post_info.title) is at most 2,200 characters.
    Channel.TIKTOK: ChannelRule(None, 2_200, False, _("Chú thích video TikTok (tối đa 2.200 ký tự).")),
    # Data API: title ≤ 100, description ≤ 5,000.
    Channel.YOUTUBE: ChannelRule(100, 5_000, True, _("Tiêu đề video (100 ký tự) và mô tả (5.000 ký tự).")),
    Channel.RADIO: ChannelRule(200, 6_000, True, _("Kịch bản phát thanh, đọc khoảng 5 phút.")),
    Channel.LED: ChannelRule(60, 240, True, _("Khẩu hiệu ngắn; mỗi đoạn là một trang trình chiếu.")),
    Channel.LEAFLET: ChannelRule(120, 4_000, True, _("Tờ gấp A4; dòng bắt đầu bằng “## ” mở một mục mới.")),
    Channel.EVENT: ChannelRule(250, None, True, _("Nội dung phát biểu, đề cương, thông cáo tại sự kiện.")),
}

# Channels a connector can publish to (lantoa.campaigns.connectors); the others are published by hand.
SOCIAL_CHANNELS = (Channel.FACEBOOK, Channel.ZALO, Channel.YOUTUBE, Channel.TIKTOK)


def rule_for(channel: str) -> ChannelRule:
    return RULES[channel]


def limit_errors(channel: str, title: str, body: str) -> list[str]:
    """Plain-language reasons why this text does not fit ``channel`` (empty when it fits)."""
    from django.utils.translation import gettext as _g

    rule = RULES[channel]
    label = Channel(channel).label
    errors: list[str] = []
    if rule.title_required and not title.strip():
        errors.append(_g("%(channel)s: cần có tiêu đề.") % {"channel": label})
    if rule.title_max is not None and len(title) > rule.title_max:
        errors.append(
            _g("%(channel)s: tiêu đề dài %(length)d ký tự, vượt giới hạn %(limit)d ký tự.")
            % {"channel": label, "length": len(title), "limit": rule.title_max}
        )
    if not body.strip():
        errors.append(_g("%(channel)s: nội dung trống.") % {"channel": label})
    if rule.body_max is not None and len(body) > rule.body_max:
        errors.append(
            _g("%(channel)s: nội dung dài %(length)d ký tự, vượt giới hạn %(limit)d ký tự.")
            % {"channel": label, "length": len(body), "limit": rule.body_max}
        )
    return errors
