from django.contrib import admin

from apps.teams.models import Membership, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "setting")
    list_filter = ("organisation", "setting")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("worker", "team", "team_role", "joined_on", "left_on")
    list_filter = ("team_role",)
