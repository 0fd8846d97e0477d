"""What orgs announces to the apps above it (which it never imports); they connect in their AppConfig.ready()."""
from django.dispatch import Signal

# A body's monitoring interval changed (sender: Body; body: the body). Dates derived from it must follow.
monitoring_interval_changed = Signal()
