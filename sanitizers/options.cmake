# The sanitizer options of every test run under -DFAHRAS_SANITIZERS=ON, set
# from SANITIZER_REPORTS (the report folder) and SANITIZERS_DIR (this
# folder).  Included by tests/CMakeLists.txt, for the tests it adds itself
# (the browser test), and by test_environment.cmake.in, for the doctest tests
# ctest discovers: both give their tests the same environment.
#
# Every report goes to a file in SANITIZER_REPORTS (named after the program
# and its pid), which fahras.sanitizers.no_reports checks after the run.
# exitcode=86 is none of fahras-index's or fahras-search's own exit codes, so
# a test that looks at one sees the failure at once.
set(where "exitcode=86:log_path=${SANITIZER_REPORTS}/report:log_exe_name=1")
# halt_on_error: the first error ends the program, as UBSan's does
# (-fno-sanitize-recover=undefined).  The three checks after detect_leaks are
# off by default and cost little here.
# new_delete_type_mismatch=0: Xapian 1.4.22's Database::check() on a shard of
# a sharded database (fahras-index --check) deletes one of its own objects
# with a smaller size than it allocated, every frame inside libxapian.so
# (indexer/reports.cpp; seen on the fresh-clone run of 2026-12-05); our own
# code's new and delete still meet ASan's other checks.
set(FAHRAS_SANITIZER_ASAN "${where}:halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:new_delete_type_mismatch=0")
set(FAHRAS_SANITIZER_UBSAN "${where}:halt_on_error=1:print_stacktrace=1")
# Leaks from inside libxapian only, each with its reason: lsan.supp.
# print_suppressions=0: a suppressed leak writes no report file (the check
# after the run counts every file as a report).
set(FAHRAS_SANITIZER_LSAN "${where}:suppressions=${SANITIZERS_DIR}/lsan.supp:print_suppressions=0")
unset(where)
