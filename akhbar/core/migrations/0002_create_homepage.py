"""Turn Wagtail's welcome page into akhbar's HomePage, so a fresh site has a front page.

The page is converted in place (a child row plus a new content type) rather than deleted:
deleting it here would cascade into tables of apps whose migrations have not run yet.
"""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("core.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    welcome = Page.objects.filter(content_type=page_type, depth=2).first()
    if welcome is None:
        return
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="core")
    table = schema_editor.quote_name(HomePage._meta.db_table)
    schema_editor.execute(f"INSERT INTO {table} (page_ptr_id) VALUES (%s)", [welcome.pk])
    Page.objects.filter(pk=welcome.pk).update(
        content_type=home_type, title="الرئيسية", draft_title="الرئيسية"
    )
    Site.objects.filter(is_default_site=True).update(site_name="أخبار")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
