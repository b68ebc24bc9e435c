"""The desk keeps no records of its own; this module exists so that Django sends the desk
its post_migrate signal (only apps with a models module get one), which keeps the role
groups in step (desk/apps.py)."""
