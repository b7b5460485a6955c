"""After the tests, report how the identifying-details detector does on the labelled corpus."""


def pytest_terminal_summary(terminalreporter):
    # Imported here so that collecting the tests, not loading this file, imports the test module.
    from tests.domain.test_identifying_details import measure_corpus

    figures = measure_corpus()
    write = terminalreporter.write_line
    terminalreporter.write_sep("-", "Identifying-details detector on the labelled corpus")
    for group, (hits, total) in sorted(figures.recall.items()):
        write(f"{group:<12} recall {hits / total:6.1%}  ({hits}/{total})")
    write(
        f"clean sentences flagged {figures.false_positive_rate:.1%}"
        f"  ({figures.clean_flagged}/{figures.clean_total})"
    )
