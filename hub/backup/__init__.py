"""Backup and restore of a whole site: the database and the media files in one signed
archive (`manage.py backup_site`, `manage.py restore_site`; docs/operations.md).

- `common`: the archive's layout, checksums, counts, the rule for media names;
- `signing`: the manifest's HMAC-SHA256 with the operator's BACKUP_SIGNING_KEY;
- `create`: the backup; `restore`: the restore, which checks everything first.
"""

from hub.backup.common import BackupError
from hub.backup.create import BackupResult, backup_site
from hub.backup.restore import RestoreResult, read_manifest, restore_site

__all__ = [
    "BackupError",
    "BackupResult",
    "RestoreResult",
    "backup_site",
    "read_manifest",
    "restore_site",
]
