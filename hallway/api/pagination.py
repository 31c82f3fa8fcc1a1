"""Page-number pagination with the envelope every list endpoint answers with."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Far beyond any conference, and small enough that the offset stays a 64-bit integer.
MAX_PAGE = 100_000


class PageNumberPagination(PaginationBase):
    """``?page=`` and ``?page_size=``; two queries (count, page) plus the page's prefetches.

    A page past the end is empty rather than an error, so a client looping on ``next`` never
    sees a 404 when rows vanish between two requests.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page."
        )

    class Output(Schema):
        count: int = Field(..., description="Items on all pages.")
        page: int
        page_size: int
        next: str | None = Field(..., description="URL of the next page, or null.")
        previous: str | None = Field(..., description="URL of the previous page, or null.")
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page, page_size = pagination.page, pagination.page_size
        count = queryset.count()
        offset = (page - 1) * page_size
        results = list(queryset[offset : offset + page_size]) if offset < count else []
        return {
            "count": count,
            "page": page,
            "page_size": page_size,
            "next": page_url(request, page + 1) if offset + page_size < count else None,
            "previous": page_url(request, min(page - 1, last_page(count, page_size)))
            if page > 1
            else None,
            "results": results,
        }


def last_page(count: int, page_size: int) -> int:
    return max(1, -(-count // page_size))


def page_url(request: HttpRequest, page: int) -> str:
    """The current URL with ``page`` replaced (other parameters kept, in their order)."""
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
