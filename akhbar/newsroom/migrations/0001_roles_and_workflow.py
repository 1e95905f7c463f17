"""Create the roles كاتب, محرر and رئيس التحرير and the «مراجعة التحرير» workflow.

The definitions live in akhbar.newsroom.roles, shared with the handler that opens each new
section to writers and editors; here they are applied with historical models.
"""

from django.db import migrations

from akhbar.newsroom.roles import ROLES, TASK_NAME, WORKFLOW_NAME, install_newsroom


def install(apps, schema_editor):
    install_newsroom(apps)


def uninstall(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=[role.name for role in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_create_homepage"),
        ("news", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
