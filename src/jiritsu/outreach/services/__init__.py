"""Every write of the outreach domain: one keyword-only function per action, transactional, logged."""
