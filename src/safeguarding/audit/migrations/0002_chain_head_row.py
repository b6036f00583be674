from django.db import migrations

GENESIS_HASH = "0" * 64


def create_chain_head(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_hash_chained_audit_log")]

    operations = [migrations.RunPython(create_chain_head, migrations.RunPython.noop)]
