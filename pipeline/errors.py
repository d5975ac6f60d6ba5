"""One catalogue of messages: each says what happened, the value, where, and what to do.

Codes let users grep logs and tests assert on the kind of failure without
matching prose. Reader messages become the `error` column of a `documents` row;
usage messages end the command with exit code 2.
"""


class UsageError(Exception):
    """Bad command-line input or an unusable path: one line on stderr, exit 2."""


class Errors:
    # usage and I/O (exit 2)
    E001 = "E001 corpus directory not found: {path}. Give an existing directory with --corpus (make: CORPUS=...)."
    E002 = "E002 output directory {path} is not writable ({reason}). Choose another with --out (make: OUT=...)."
    E003 = "E003 --pub-date {value!r} is not a date. Use YYYY-MM-DD, e.g. 2020-08-31."
    E004 = "E004 gold file not found: {path}. Give a JSONL gold file (SPEC section 4) with --gold (make: GOLD=...)."
    E005 = "E005 output directory {path} has no {table} table. Run `newsx extract --out {path}` first."
    E006 = "E006 gold file {path} line {line}: {reason}. Each line must be a JSON document as in SPEC section 4."
    E007 = "E007 config {path}: {reason}."
    # documents (the `error` column; the run goes on)
    E101 = "E101 {path}: empty file (0 bytes or whitespace only)."
    E102 = "E102 {path}: binary content ({reason}), not text. Convert it to .txt or remove it from the corpus."
    E103 = "E103 {path}: cannot decode the bytes as text ({reason})."
    E104 = "E104 {path} line {line}: malformed JSON ({reason})."
    E105 = "E105 {path} line {line}: missing or empty field {field!r}; each JSONL line needs 'id' and 'text'."
    E106 = "E106 metadata.csv line {line}: no document {doc_id!r} in the corpus."
    E107 = "E107 {path}: cannot read the file ({reason})."
    E108 = "E108 {path}: no article body found in the HTML."
    E109 = "E109 {path}: pipeline failed on this document ({reason})."
    E110 = "E110 {path}: duplicate doc_id {doc_id!r}, already read from {first}."
    E111 = "E111 metadata.csv line {line}: {reason}; the row is not used."
    # evaluation (exit 2)
    E020 = "E020 cannot write the evaluation report {path} ({reason}). Choose another file with --report."
    E021 = "E021 {path}: the {table} table has no column(s) {columns} (SPEC section 2). Re-run `newsx extract` to rebuild it."
    E022 = "E022 gold file {path} line {line}: document {doc_id!r} has no 'text' and {reason}. Give the folder of its <doc_id>.txt with --texts (make: TEXTS=...), e.g. ../shared/dev/corpus."
    # documents, continued (reader warnings and rows)
    E112 = "E112 {where}: {field} {value!r} is not a date; that field is ignored, the rest is used. Write dates as YYYY-MM-DD, e.g. 2020-08-31."
    E113 = "E113 {path}: symbolic link to {target}, outside the corpus root; not read. Copy it into the corpus to include it."
    # reader limits and robustness (issue 10)
    E009 = "E009 --doc-timeout {value!r} is not a positive number of seconds. Give e.g. --doc-timeout 60."
    E008 = "E008 max_chars {value!r} is not a positive whole number of characters. Give e.g. --max-chars 20000, the piece size of long documents (--max-chars 0, or max_chars=None in Python, to process every document whole)."
    E116 = "E116 {path} line {line}: field {field!r} is a JSON {kind}, not a string{hint}; each JSONL line needs 'id' and 'text' as strings."
    E117 = "E117 {where}: field {field!r} holds {count} lone UTF-16 surrogate escape(s) (e.g. '\\ud83d' without its pair), not valid Unicode; each is read as U+FFFD (same length, offsets unchanged). Fix the tool that wrote the JSON."
    E118 = "E118 {path}: the reader failed on this document ({reason}); it is kept as an error row and the corpus goes on. Please report it with the file."
    E119 = "E119 {path}: the pipeline took over {seconds:g} s on this document (--doc-timeout); it is not processed. Raise the limit with --doc-timeout, or split the document."
    # warnings (the `warning` column of an ok document)
    W101 = "W101 {path}: {count:,} control character(s) (NUL...), the first at character {first:,}; the pipeline reads them as spaces, the text and every offset are unchanged."
    W102 = "W102 {path}: the HTML is nested too deeply for a tree ({reason}); its visible text was read as a stream of tags, without article detection (menus and captions may be in it)."
