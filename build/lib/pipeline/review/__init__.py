"""Review: side-by-side pages, the local review app and post-editing.

* ``apply``: apply reviewers' edits to the memory and the outputs (all or nothing);
* ``pages``: the static HTML review pages (out/review/);
* ``server``: the local review web app on 127.0.0.1.
"""
