"""Governance pages: thin views over ``queries`` (reads), ``actions`` (writes) and ``presenters``.

``structure`` (bodies, delegations, the decision matrix), ``meetings`` (meetings, minutes,
actions), ``agenda`` (items and papers), ``decisions``, ``interests`` (registers and the health
check) and ``public`` (the signed-out public pages); ``base`` holds what their forms share.
"""
