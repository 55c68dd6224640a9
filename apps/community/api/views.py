"""The peer community's API: peer workers of the organisation only (lists 403, records by id
404 for anyone else); thread and post lists keyset-paginated (``cursor``)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.community import policies, selectors, services
from apps.community.api.serializers import (
    HideInputSerializer,
    ModeratorInputSerializer,
    ModeratorSerializer,
    PostSerializer,
    PreferenceSerializer,
    ReplyInputSerializer,
    ThreadInputSerializer,
    ThreadSerializer,
)
from apps.core.api.pagination import KeysetPagination
from apps.core.capabilities import require
from apps.core.selectors import get_or_404

INVALID = OpenApiResponse(description="Invalid input; the body names the field")
FORBIDDEN = OpenApiResponse(description="Not for you (the community is for peer workers only)")
NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")


class ThreadListView(APIView):
    """The organisation's peer community threads, newest first (peer workers only)."""

    pagination_class = KeysetPagination
    keyset_newest_first = True

    @extend_schema(
        summary="Peer community threads",
        responses={200: ThreadSerializer(many=True), 400: INVALID, 403: FORBIDDEN},
    )
    def get(self, request):
        selectors.require_member(request.user)
        paginator = KeysetPagination()
        rows = paginator.paginate_queryset(
            selectors.with_post_counts(selectors.threads_visible_to(request.user)), request, self
        )
        selectors.audit_thread_reads(request.user, rows)
        return paginator.get_paginated_response(ThreadSerializer(rows, many=True).data)

    @extend_schema(
        summary="Start a thread (a text, or one of your reflections)",
        request=ThreadInputSerializer,
        responses={201: ThreadSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def post(self, request):
        selectors.require_member(request.user)
        data = ThreadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread = services.thread_start(actor=request.user, **data.validated_data)
        thread = selectors.with_post_counts(selectors.threads_visible_to(request.user)).get(pk=thread.pk)
        return Response(ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


class ThreadDetailView(APIView):
    @extend_schema(summary="One thread", responses={200: ThreadSerializer, 404: NOT_FOUND})
    def get(self, request, thread_id):
        thread = selectors.get_thread_for(request.user, thread_id)
        return Response(ThreadSerializer(thread).data)


class ThreadPostsView(APIView):
    """A thread's posts in order (each body read by someone else is audited)."""

    pagination_class = KeysetPagination
    keyset_newest_first = False

    @extend_schema(summary="A thread's posts", responses={200: PostSerializer(many=True), 400: INVALID, 404: NOT_FOUND})
    def get(self, request, thread_id):
        thread = selectors.get_thread_for(request.user, thread_id)
        paginator = KeysetPagination()
        rows = paginator.paginate_queryset(
            selectors.posts_visible_to(request.user).filter(thread=thread), request, self
        )
        rows = selectors.read_posts(request.user, rows, moderator=selectors.is_moderator(request.user))
        return paginator.get_paginated_response(PostSerializer(rows, many=True).data)

    @extend_schema(
        summary="Reply in a thread",
        request=ReplyInputSerializer,
        responses={201: PostSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, thread_id):
        # Found without recording a read: replying reads nothing (and a refused reply changes nothing).
        thread = get_or_404(selectors.threads_visible_to(request.user), thread_id)
        data = ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_reply(actor=request.user, thread=thread, **data.validated_data)
        return Response(
            PostSerializer(selectors.get_post_for(request.user, post.pk)).data, status=status.HTTP_201_CREATED
        )


class PostDetailView(APIView):
    @extend_schema(summary="One post", responses={200: PostSerializer, 404: NOT_FOUND})
    def get(self, request, post_id):
        return Response(PostSerializer(selectors.get_post_for(request.user, post_id)).data)

    @extend_schema(summary="Withdraw your post", responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, post_id):
        post = selectors.find_post(request.user, post_id)
        services.post_withdraw(actor=request.user, post=post)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostHideView(APIView):
    @extend_schema(
        summary="Hide a post (peer leads)",
        request=HideInputSerializer,
        responses={200: PostSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, post_id):
        post = selectors.find_post(request.user, post_id)
        require(selectors.is_moderator(request.user), policies.NOT_A_MODERATOR)
        data = HideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.post_hide(actor=request.user, post=post, **data.validated_data)
        return Response(PostSerializer(selectors.get_post_for(request.user, post.pk, moderator=True)).data)


class PostRestoreView(APIView):
    @extend_schema(
        summary="Show a hidden post again (peer leads)",
        request=None,
        responses={200: PostSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, post_id):
        post = selectors.find_post(request.user, post_id)
        require(selectors.is_moderator(request.user), policies.NOT_A_MODERATOR)
        services.post_restore(actor=request.user, post=post)
        return Response(PostSerializer(selectors.get_post_for(request.user, post.pk, moderator=True)).data)


class PreferenceView(APIView):
    @extend_schema(summary="My digest choice", responses={200: PreferenceSerializer, 403: FORBIDDEN})
    def get(self, request):
        selectors.require_member(request.user)
        return Response({"digest": selectors.digest_on(request.user)})

    @extend_schema(
        summary="Turn my weekly digest on or off",
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def patch(self, request):
        selectors.require_member(request.user)
        # A PATCH names what changes: an empty body changes nothing and answers the current choice.
        data = PreferenceSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "digest" not in data.validated_data:
            return Response({"digest": selectors.digest_on(request.user)})
        row = services.digest_set(actor=request.user, digest=data.validated_data["digest"])
        return Response({"digest": row.digest})


class ModeratorListView(APIView):
    """Peer leads (org admins name them; naming one reads no content)."""

    @extend_schema(summary="Peer leads", responses={200: ModeratorSerializer(many=True), 403: FORBIDDEN})
    def get(self, request):
        require(policies.can_name_moderators(request.user), policies.NOT_AN_ADMIN)
        return Response(ModeratorSerializer(selectors.moderators_of(request.user), many=True).data)

    @extend_schema(
        summary="Name a peer lead",
        request=ModeratorInputSerializer,
        responses={201: ModeratorSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def post(self, request):
        require(policies.can_name_moderators(request.user), policies.NOT_AN_ADMIN)
        data = ModeratorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.moderator_grant(actor=request.user, **data.validated_data)
        return Response(ModeratorSerializer(selectors.moderators_of(request.user).get(pk=row.pk)).data, status=201)


class ModeratorDetailView(APIView):
    @extend_schema(summary="Remove a peer lead", responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, moderator_id):
        require(policies.can_name_moderators(request.user), policies.NOT_AN_ADMIN)
        row = get_or_404(selectors.moderators_of(request.user), moderator_id)
        services.moderator_revoke(actor=request.user, moderator=row)
        return Response(status=status.HTTP_204_NO_CONTENT)
