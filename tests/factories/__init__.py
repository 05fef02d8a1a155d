"""factory_boy factories, one ``<Model>Factory`` per model, in a module per app.

A database test builds only what it needs: ``OrganisationFactory(kind="acute")``,
``UserFactory.with_role("finance", system=system, organisation=trust)``. The demo world is for
scenario tests only (``tests/scenarios``).
"""
