from django import template

from lantoa.orders.money import vnd as format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """1500000 → "1.500.000 đ"."""
    return format_vnd(amount)
