"""Deliberately empty: no case model is registered in Django's admin.

Every case record holds a person's data, and every read and write of it must pass the policy layer
(cases.policies) and leave a row in the access log. The admin does neither, so registering a case
model here would open a way around both. tests/orgs/test_admin.py checks that none is registered.
"""
