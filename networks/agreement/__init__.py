"""ZPP Brabant's agreement, for any network: a public rate, and what each organisation gives and takes.

"Als zelfstandige tegen een publiek tarief" (``rates``) and "minimaal één ondernemende ambtenaar
beschikbaar stellen en één project" (``ledger``, with a monthly reminder to organisations that do
not provide yet). The models live in ``networks.agreement.models`` and are imported by
``networks.models``.
"""
