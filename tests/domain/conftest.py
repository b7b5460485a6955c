"""After the tests, report how the identifying-details detector does on the labelled corpora."""


def pytest_terminal_summary(terminalreporter):
    # Imported here so that collecting the tests, not loading this file, imports the test module.
    from tests.domain.test_identifying_details import CORPUS, HELD_OUT, measure_corpus

    for title, path in (("labelled corpus", CORPUS), ("held-out corpus", HELD_OUT)):
        figures = measure_corpus(path)
        write = terminalreporter.write_line
        terminalreporter.write_sep("-", f"Identifying-details detector on the {title}")
        for group, (hits, total) in sorted(figures.recall.items()):
            write(f"{group:<12} recall {hits / total:6.1%}  ({hits}/{total})")
        write(
            f"clean sentences flagged {figures.false_positive_rate:.1%}"
            f"  ({figures.clean_flagged}/{figures.clean_total})"
        )
