"""The newsroom's three roles, its review workflow, and the code that installs them.

The functions take an app registry so that the data migration (historical models) and the
running site (a section created after the migration) share one definition. Writers and
editors get their page permissions on each section, not on the home page: that is what
keeps them from adding sections, and what lets an editor-in-chief narrow an editor to
some sections by removing the others.

To change a role later, edit ROLES and add a migration that calls install_newsroom again: it
only adds what is missing (removing a permission needs its own migration step).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.apps.registry import Apps

logger = logging.getLogger(__name__)

WRITER = "كاتب"
EDITOR = "محرر"
CHIEF = "رئيس التحرير"
WORKFLOW_NAME = "مراجعة التحرير"
TASK_NAME = "موافقة المحرر"

# Wagtail's own starter groups; removed when nobody uses them, so that the users screen
# offers exactly the newsroom's roles.
WAGTAIL_STARTER_GROUPS = ("Editors", "Moderators")


@dataclass(frozen=True)
class Role:
    """What a group may do. Page actions are Wagtail's (add, change, publish, lock,
    unlock, bulk_delete); the others are "app_label.codename" Django permissions."""

    name: str
    section_page_actions: tuple[str, ...] = ()
    home_page_actions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = ()
    model_permissions: tuple[str, ...] = ()
    reviews: bool = False


IMAGES_AND_DOCUMENTS_TO_ADD = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
IMAGES_AND_DOCUMENTS_TO_EDIT = (
    *IMAGES_AND_DOCUMENTS_TO_ADD,
    "wagtailimages.change_image",
    "wagtaildocs.change_document",
)

ROLES = (
    Role(
        WRITER,
        # "add" in Wagtail: create pages, edit and delete one's own drafts, submit them.
        section_page_actions=("add",),
        collection_permissions=IMAGES_AND_DOCUMENTS_TO_ADD,
        model_permissions=("wagtailadmin.access_admin", "news.view_author"),
    ),
    Role(
        EDITOR,
        section_page_actions=("add", "change", "publish", "lock"),
        collection_permissions=IMAGES_AND_DOCUMENTS_TO_EDIT,
        model_permissions=(
            "wagtailadmin.access_admin",
            "news.view_author",
            "news.add_author",
            "news.change_author",
        ),
        reviews=True,
    ),
    Role(
        CHIEF,
        home_page_actions=("add", "change", "publish", "lock", "unlock", "bulk_delete"),
        collection_permissions=(
            *IMAGES_AND_DOCUMENTS_TO_EDIT,
            "wagtailimages.delete_image",
            "wagtaildocs.delete_document",
        ),
        model_permissions=(
            "wagtailadmin.access_admin",
            "core.change_sitesettings",
            "news.view_author",
            "news.add_author",
            "news.change_author",
            "news.delete_author",
            "auth.view_user",
            "auth.add_user",
            "auth.change_user",
            "auth.delete_user",
            "auth.view_group",
            "auth.add_group",
            "auth.change_group",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
        ),
        reviews=True,
    ),
)


def install_newsroom(apps: Apps = global_apps) -> None:
    """Create the roles with their permissions and the review workflow on the home page.

    Idempotent: running it again adds what is missing and changes nothing else.
    """
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    SectionPage = apps.get_model("news", "SectionPage")
    HomePage = apps.get_model("core", "HomePage")

    home = HomePage.objects.order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.add(*(_permission(apps, name) for name in role.model_permissions))
        if root_collection is not None:
            for name in role.collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, name)
                )
        if home is not None:
            for action in role.home_page_actions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=home.pk, permission=_page_permission(apps, action)
                )
    for section_id in SectionPage.objects.values_list("pk", flat=True):
        grant_section_permissions(section_id, apps=apps)
    _remove_unused_starter_groups(apps)
    if home is not None:
        _install_workflow(apps, home.pk)


def grant_section_permissions(section_id: int, *, apps: Apps = global_apps) -> None:
    """Give writers and editors their page permissions on one section.

    Called for every existing section by the migration and for each new section by a
    post_save handler, so a section added later works for the whole desk at once.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    groups = {group.name: group for group in Group.objects.filter(name__in=_role_names())}
    for role in ROLES:
        group = groups.get(role.name)
        if group is None:
            continue
        for action in role.section_page_actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=section_id, permission=_page_permission(apps, action)
            )


def grant_new_section_permissions(
    sender: type, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    """post_save receiver for SectionPage: a new section is open to writers and editors."""
    if created and not raw:
        grant_section_permissions(instance.pk)
        logger.debug("Granted the newsroom roles their permissions on section %s", instance.pk)


def _role_names() -> list[str]:
    return [role.name for role in ROLES]


def _install_workflow(apps: Apps, home_id: int) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(*Group.objects.filter(name__in=[r.name for r in ROLES if r.reviews]))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=home_id, defaults={"workflow": workflow})


def _remove_unused_starter_groups(apps: Apps) -> None:
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    unused = list(Group.objects.filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True))
    # Wagtail's starter workflow («Moderators approval») reviews with those groups only.
    starter_tasks = GroupApprovalTask.objects.filter(groups__in=unused).exclude(
        groups__name__in=_role_names()
    )
    starter_workflows = Workflow.objects.filter(workflow_tasks__task__in=starter_tasks)
    WorkflowPage.objects.filter(workflow__in=starter_workflows).delete()
    Workflow.objects.filter(pk__in=starter_workflows.values("pk")).update(active=False)
    GroupApprovalTask.objects.filter(pk__in=starter_tasks.values("pk")).update(active=False)
    Group.objects.filter(pk__in=[group.pk for group in unused]).delete()


def _permission(apps: Apps, dotted_name: str):
    """The Permission "app_label.codename", created if post_migrate has not made it yet."""
    app_label, codename = dotted_name.split(".")
    action, model_name = codename.split("_", 1)
    return _get_or_create_permission(apps, app_label, model_name, codename, action)


def _page_permission(apps: Apps, action: str):
    return _get_or_create_permission(apps, "wagtailcore", "page", f"{action}_page", action)


def _get_or_create_permission(apps: Apps, app_label: str, model_name: str, codename, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    # On a fresh database, Django creates permissions only after all migrations have run.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model_name}"},
    )
    return permission
