"""The web layer: routes, pages, the JSON API, feeds and the server; every module here may import Bottle.

It asks the data functions of ``search_app`` (search, ledger, timeline, exports…) and shapes their answers
for HTTP; nothing in ``search_app`` imports from here.
"""
