"""where, suggest, CSV/TBX round trips, eval metrics."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.glossary import app
from pipeline.errors import UsageError
from pipeline.evaluate import score, term_hits
from pipeline.glossary.discover import suggest, where
from pipeline.glossary.exchange import from_csv, from_tbx, read_exchange, to_csv, to_tbx
from pipeline.glossary.schema import Entry

ENTRIES = [
    Entry(fr="OTAN", en="NATO", kind="acronym", note="n", variants=["Otan"], forbid=["OTAN"]),
    Entry(fr="coalition des drones", en="drone coalition", kind="term", note="why, \"quoted\"",
          variants=["coalition drones"], forbid=["coalition of the drones"]),
    Entry(fr="letton", en="Latvian", kind="term", pos="adjective", note="adj"),
    Entry(fr="Kiev", en="Kyiv", kind="place", note="AP", forbid=["Kiev"]),
]


def seeds(tmp_path):
    d = tmp_path / "seeds"
    d.mkdir()
    (d / "a.txt").write_text("La « coalition des drones » est lancée.\nLa coalition drones et l’OTAN.\n"
                             "Le ministre Andris Sprūds à Riga. Andris Sprūds parle.\n", encoding="utf-8")
    return d


def test_where_lists_every_occurrence_with_context(tmp_path):
    hits = where("coalition des drones", ENTRIES, [seeds(tmp_path)])
    assert [(Path(h.file).name, h.line, h.surface) for h in hits] == [
        ("a.txt", 1, "coalition des drones"), ("a.txt", 2, "coalition drones")]
    assert "« [coalition des drones] »" in hits[0].context


def test_where_command(tmp_path):
    s = seeds(tmp_path)
    r = CliRunner().invoke(app, ["where", "OTAN", "--seeds", str(s), "-g", str(tmp_path / "none")])
    assert r.exit_code == 0 and "a.txt:2:" in r.output and "[OTAN]" in r.output


def test_suggest_ranks_uncovered_names_by_frequency(tmp_path):
    cands, method = suggest(ENTRIES, [seeds(tmp_path)], use_spacy=False)
    assert method == "capitalised n-grams"
    assert cands[0].text == "Andris Sprūds" and cands[0].count == 2 and "Riga" in cands[0].example
    assert all("OTAN" not in c.text and "coalition" not in c.text for c in cands)


def test_csv_round_trip():
    text = to_csv(ENTRIES)
    assert text.splitlines()[0] == "fr,en" and "Otan,NATO" in text
    back = from_csv(text)
    assert [(e.fr, e.en, e.variants) for e in back] == [(e.fr, e.en, e.variants) for e in ENTRIES]
    deepl = to_csv(ENTRIES, "deepl")
    assert deepl.splitlines()[0] == "OTAN,NATO,fr,en"
    assert [(e.fr, e.en) for e in from_csv(deepl)] == [(e.fr, e.en) for e in ENTRIES]


def test_csv_as_french_spreadsheets_save_it():
    """Excel and LibreOffice in French separate columns with ';' (',' is the
    decimal mark); copied cells and Excel's "Unicode text" with tabs."""
    semicolons = "fr;en\r\ncoalition des drones;drone coalition\r\n\"Paris, France\";Paris\r\n"
    assert [(e.fr, e.en) for e in from_csv(semicolons)] == [("coalition des drones", "drone coalition"),
                                                            ("Paris, France", "Paris")]
    assert [(e.fr, e.en) for e in from_csv("OTAN\tNATO\nKiev\tKyiv\n")] == [("OTAN", "NATO"), ("Kiev", "Kyiv")]
    # commas stay the separator when they split the rows, whatever the text holds
    assert [(e.fr, e.en) for e in from_csv("fr,en\na;b,c\n")] == [("a;b", "c")]


@pytest.mark.parametrize("text", [
    "en,fr\nNATO,OTAN\nEU,UE\n",  # Amazon Translate: the header's language codes say which column is which
    "en,es,fr\nNATO,OTAN,OTAN\nEU,UE,UE\n",  # …among other languages
    "English;French\nNATO;OTAN\nEU;UE\n", "fr-FR,en-US\nOTAN,NATO\nUE,EU\n",
    "NATO,OTAN,en,fr\nEU,UE,en,fr\n",  # a DeepL glossary from English to French
    "OTAN,NATO,fr,en\nUE,EU,fr,en\n", "OTAN,NATO\nUE,EU\n",  # acronyms in the first row are not a header
    "fr,en,note\nOTAN,NATO,the alliance\nUE,EU,\n", "English,French,Comment\nNATO,OTAN,x\nEU,UE\n",  # other columns
])
def test_csv_columns_follow_the_header_or_deepl_direction(text):
    assert [(e.fr, e.en) for e in from_csv(text)] == [("OTAN", "NATO"), ("UE", "EU")]


def test_csv_header_without_french_is_refused():
    with pytest.raises(UsageError, match=r"t.csv:1: the header names the languages de, en: no French \(fr\) column"):
        from_csv("de,en\nNATO,NATO\n", "t.csv")
    with pytest.raises(UsageError, match=r"t.csv:2: expected French in column 2 and English in column 1"):
        from_csv("en,fr\nNATO\n", "t.csv")


def test_csv_with_mixed_separators_is_refused_whole():
    with pytest.raises(UsageError) as err:
        from_csv("fr;en\nOTAN;NATO\nKiev,Kyiv\n", "t.csv")
    assert "t.csv:3: expected 'French;English', got 'Kiev,Kyiv'" in str(err.value)
    assert "nothing imported" in str(err.value)


def test_csv_encodings(tmp_path):
    """UTF-8 with or without Excel's byte order mark, UTF-16 with one (Excel's
    "Unicode text", tab-separated); Windows-1252 is refused with what to do."""
    rows = "fr\ten\nvaccin à ARN\tmRNA vaccine\n"
    for name, data in [("bom.csv", "\ufeff".encode() + rows.encode()), ("u16.csv", rows.encode("utf-16")),
                       ("u16be.csv", b"\xfe\xff" + rows.encode("utf-16-be"))]:
        (tmp_path / name).write_bytes(data)
        assert [(e.fr, e.en) for e in read_exchange(tmp_path / name)] == [("vaccin à ARN", "mRNA vaccine")]
    (tmp_path / "ansi.csv").write_bytes(rows.encode("cp1252"))
    with pytest.raises(UsageError, match=r"ansi.csv:2: not UTF-8 \(byte 0xe0\); save the CSV as UTF-8"):
        read_exchange(tmp_path / "ansi.csv")


def test_tbx_round_trip_keeps_everything():
    data = to_tbx(ENTRIES)
    assert b'type="TBX-Basic"' in data and b"deprecatedTerm-admn-sts" in data
    back = from_tbx(data)
    assert [e.canonical() for e in back] == [e.canonical() for e in ENTRIES]


def test_export_import_commands(tmp_path):
    g = tmp_path / "g"
    g.mkdir()
    (g / "terms.yaml").write_text("- fr: drone\n  en: drone\n  kind: term\n  note: n\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "x.tbx"
    assert runner.invoke(app, ["export", "--format", "tbx", "-o", str(out), "-g", str(g)]).exit_code == 0
    (tmp_path / "in.csv").write_text("fr,en\nOTAN,NATO\ndrone,drone\n", encoding="utf-8")
    r = runner.invoke(app, ["import", str(tmp_path / "in.csv"), "-g", str(g)])
    assert r.exit_code == 0 and "imported 1" in r.output and "skipped 1" in r.output
    assert "fr: OTAN" in (g / "acronyms.yaml").read_text()
    # a French spreadsheet's export: ';', Excel's byte order mark, CRLF
    (tmp_path / "excel.csv").write_bytes("\ufefffr;en\r\nvaccin à ARN;mRNA vaccine\r\n".encode())
    r = runner.invoke(app, ["import", str(tmp_path / "excel.csv"), "-g", str(g)])
    assert r.exit_code == 0 and "imported 1" in r.output
    assert "fr: vaccin à ARN\n  en: mRNA vaccine\n" in (g / "terms.yaml").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in g.iterdir()}
    (tmp_path / "mixed.csv").write_text("fr;en\nKiev;Kyiv\nRiga,Riga\n", encoding="utf-8")
    r = runner.invoke(app, ["import", str(tmp_path / "mixed.csv"), "-g", str(g)])
    assert isinstance(r.exception, UsageError) and "mixed.csv:3" in str(r.exception)  # (exit 2 in `pipeline`)
    assert {p.name: p.read_bytes() for p in g.iterdir()} == before  # nothing written


def test_term_hits_exact_and_counted():
    assert term_hits(["fever"], "a high Fever") == 1
    assert term_hits(["fever", "fever"], "fever") == 1
    assert term_hits(["symptom"], "symptoms") == 0
    assert term_hits(["symptom"], "symptoms", lemma=True) == 1


def test_score_tiny_set():
    refs = ["the drone coalition met", "NATO says no"]
    perfect = score(refs, refs, [["drone coalition"], ["NATO"]])
    assert perfect.chrf > 99 and perfect.bleu > 99 and perfect.term_accuracy == 100
    worse = score(["the coalition of drones met", "OTAN says no"], refs, [["drone coalition"], ["NATO"]])
    assert worse.chrf < perfect.chrf and worse.term_accuracy == 0


def test_term_benchmark_sorts_the_misses_by_cause(tmp_path):
    """benchmarks/eval_terms.py: a miss is the glossary's rendering against the
    reference's wording, a term the engine lost, a form the reference does not
    use, or a term no entry matched."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("eval_terms", Path(__file__).parents[1] / "benchmarks/eval_terms.py")
    eval_terms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_terms)

    def term(fr, en):
        return {"fr_surface": fr, "en_term": en, "en_surface": en}

    meta = tmp_path / "meta.jsonl"
    meta.write_text("\n".join(json.dumps({"terms": t}) for t in [
        [term("épidémie", "epidemic")], [term("cas confirmés", "confirmed cases")], [term("toux", "cough")],
        [term("virale", "virus")], [term("fièvre", "fever")]]) + "\n", encoding="utf-8")
    hyps = ["the outbreak spread", "case confirmed", "fever and coughs", "viral shedding", "a fever"]
    spans = [[{"source": "épidémie", "target": "outbreak", "status": "ok"}],
             [{"source": "cas confirmés", "target": "confirmed cases", "status": "missing"}],
             [{"source": "toux", "target": "cough", "status": "ok"}], [],
             [{"source": "fièvre", "target": "fever", "status": "ok"}]]
    assert eval_terms.miss_causes(meta, hyps, spans) == {"rendering": 1, "missing": 1, "form": 1, "unmatched": 1}
