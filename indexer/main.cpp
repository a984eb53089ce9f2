// fahras-index: parse, run, map the outcome to an exit code.
#include "indexer.h"

#include <fahras/cli_common.h>
#include <fahras/exit_codes.h>

#include <iostream>

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-index", std::cerr, [&]() -> int {
        const auto opts = fahras::parse_indexer_options(argc, argv);
        if (opts.show_help) {
            std::cout << opts.help_text;
            return 0;
        }
        if (opts.show_version) {
            std::cout << "fahras-index " << fahras::VERSION << '\n';
            return 0;
        }
        if (opts.mode == fahras::IndexMode::stats || opts.mode == fahras::IndexMode::check) {
            const auto report = fahras::report_database(opts.db_path, opts.mode == fahras::IndexMode::check);
            std::cout << fahras::format_database_report(report, opts.json);
            if (report.check_errors > 0) return fahras::EXIT_DATA_ERROR;
            return report.compatible ? fahras::EXIT_OK : fahras::EXIT_NO_INPUT;
        }
        const auto stats = fahras::run_indexer(opts, std::cerr);
        if (!opts.quiet || opts.json) std::cout << fahras::format_index_summary(stats, opts);
        return fahras::index_exit_code(stats);
    });
}
