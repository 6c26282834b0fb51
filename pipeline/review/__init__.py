"""Review: side-by-side pages, the local review app and post-editing.

* ``identity``: which sentence an edit belongs to, by content (never position);
* ``placing``: edits and approved reuse placed on a document, for a run or a save;
* ``human_terms``: the glossary checked on a reviewer's English;
* ``apply``: apply reviewers' edits to the memory and the outputs (all or nothing);
* ``history``: a segment's edit history with diffs, revert, fuzzy matches;
* ``orphans``: edits whose sentence is in no document any more;
* ``pages`` / ``rows`` / ``templates/`` (package data): the HTML review pages (out/review/);
* ``server``: the local review web app on 127.0.0.1;
* ``glossary_add`` / ``entry_warnings``: glossary entries from the app, with preview and warnings.
"""
