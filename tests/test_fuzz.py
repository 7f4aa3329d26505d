"""Fixed-seed spec and CLI fuzzers, small enough for every test run (`make fuzz`: thousands)."""
import os

import pytest

import fuzzing

SPEC_MUTANTS = int(os.environ.get("PADVEC_FUZZ_SPECS", "60"))
CLI_CALLS = int(os.environ.get("PADVEC_FUZZ_CLI", "60"))


def test_spec_fuzzer_every_mutant_answered_cleanly():
    figures, failures = fuzzing.spec_fuzz(SPEC_MUTANTS)
    assert not failures, "\n".join(failures[:20])
    assert figures["valid"] and figures["invalid"] and figures["ok"] >= figures["valid"], figures


def test_cli_fuzzer_hostile_calls_exit_2_naming_the_flag():
    figures, failures = fuzzing.cli_fuzz(CLI_CALLS)
    assert not failures, "\n".join(failures[:20])
    assert figures["refused"] >= CLI_CALLS // 2, figures


@pytest.mark.parametrize("name", ["alias-bomb", "huge-formula", "overflow-mul", "tag",
                                  "case-kernel-rank", "case-int64-input", "option-float"])
def test_known_bad_spec_is_refused_at_file_line_key(name):
    figures, failures = fuzzing.spec_fuzz(1, only=[name])
    assert not failures, failures
    assert figures["refused"] == 1 and figures["invalid"] == 1, figures
