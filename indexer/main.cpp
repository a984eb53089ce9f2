// fahras-index: parse, run, map the outcome to an exit code.
#include "indexer.h"

#include <fahras/cli_common.h>

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
        const auto stats = fahras::run_indexer(opts, std::cerr);
        if (!opts.quiet || opts.json) std::cout << fahras::format_index_summary(stats, opts);
        return fahras::index_exit_code(stats);
    });
}
