"""The command line: help with defaults, exit codes 0/1/2, one-line errors."""

import subprocess
import sys

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.corpus import read_corpus
from pipeline.tables.parts import read_table

from .conftest import ROOT


def test_help_shows_every_option_with_default(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["extract", "--help"])
    assert exit.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for option in ("--corpus", "--out", "--pub-date", "--batch-size", "--workers", "--quiet"):
        assert option in out
    assert "default: data/corpus" in out


def test_missing_corpus_is_exit_2_with_one_line(tmp_path, capsys):
    assert main(["extract", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "E001" in err[0]


def test_bad_pub_date_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit:
        main(["extract", "--corpus", str(tmp_path), "--pub-date", "31/08/2020"])
    assert exit.value.code == 2


@pytest.mark.slow
def test_unwritable_output_is_exit_2(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Le CTS a arrêté 35 éléments de l'EIIS à Kirkouk.", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--quiet", "--corpus", str(corpus), "--out", str(blocker / "out")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "E002" in result.stderr


@pytest.mark.slow
def test_bad_documents_are_counted_and_exit_1(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bon.txt").write_text("Vendredi, l'armée irakienne a repris Routba à Daech.", encoding="utf-8")
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "depeches.jsonl").write_text('{"id": "d1", "text": "Deux soldats ont été blessés à Tikrit."}\n{"id": "d2", "text": \n', encoding="utf-8")
    (corpus / "metadata.csv").write_text("doc_id,pub_date,url,title,source\nabsent,2020-01-01,,,\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert "documents: 6 (ok 2, empty 1, error 3)" in result.stdout
    texts = {d.doc_id: d.text for d in read_corpus(corpus)}
    mentions = read_table(tmp_path / "out", "mentions")
    assert set(mentions.doc_id) == {"bon", "d1"}
    assert all(texts[m.doc_id][m.start : m.end] == m.text for m in mentions.itertuples())
    documents = read_table(tmp_path / "out", "documents").set_index("doc_id")
    assert "image.txt" in documents.loc["image", "error"] and documents.loc["vide", "status"] == "empty"


@pytest.mark.slow
def test_summary_log_and_show(seeds_out, tmp_path, capsys):
    log = tmp_path / "logs" / "run.log"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Le CTS a arrêté 35 éléments de l'EIIS à Kirkouk le 21 août.", encoding="utf-8")
    assert main(["extract", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--pub-date", "2020-08-31", "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert "documents: 1 (ok 1, empty 0, error 0)" in out
    assert "events: ARREST 1" in out and "mentions: DATE 1, LOC 1, ORG 2, QUANTITY 1" in out
    assert "documents: 1 (ok 1" in log.read_text(encoding="utf-8")
    assert main(["show", "000_cea1a441efd8a299", "--out", str(seeds_out)]) == 0
    shown = capsys.readouterr().out
    assert "Krikouk" in shown and "ARREST" in shown and "arrêté" in shown


def test_show_unknown_document_is_exit_2(seeds_out, capsys):
    assert main(["show", "nope", "--out", str(seeds_out)]) == 2
    assert "nope" in capsys.readouterr().err


def test_max_chars_option_is_the_piece_size_of_long_documents(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("\n".join(f"Le CTS a arrêté {n} éléments de l'EIIS à Kirkouk." for n in range(30, 35)), encoding="utf-8")
    (corpus / "court.txt").write_text("Le CTS a arrêté 35 éléments de l'EIIS à Kirkouk.", encoding="utf-8")
    columns = ["doc_id", "start", "end", "text", "label", "sent_id"]
    assert main(["extract", "--quiet", "--corpus", str(corpus), "--out", str(tmp_path / "pieces"), "--max-chars", "100"]) == 0
    assert main(["extract", "--quiet", "--corpus", str(corpus), "--out", str(tmp_path / "whole"), "--max-chars", "0"]) == 0
    assert (read_table(tmp_path / "pieces", "documents").status == "ok").all()
    pieces, whole = read_table(tmp_path / "pieces", "mentions")[columns], read_table(tmp_path / "whole", "mentions")[columns]
    assert len(whole[whole.doc_id == "long"]) >= 15
    pd.testing.assert_frame_equal(pieces, whole)


def test_bad_max_chars_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--max-chars", "beaucoup"])
    assert exit_.value.code == 2 and "E008" in capsys.readouterr().err
