// fahras-search: parse, run, map the outcome to an exit code.
#include "search_cli.h"

#include <fahras/cli_common.h>
#include <fahras/exit_codes.h>

#include <iostream>

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-search", std::cerr, [&]() -> int {
        const auto opts = fahras::parse_searcher_options(argc, argv);
        if (opts.show_help) {
            std::cout << opts.help_text;
            return 0;
        }
        if (opts.show_version) {
            std::cout << "fahras-search " << fahras::VERSION << '\n';
            return 0;
        }
        for (const auto& warning : fahras::missing_data_warnings(opts.request)) std::cerr << "fahras-search: " << warning << '\n';
        const auto results = fahras::run_search(opts);
        if (opts.json) {
            fahras::print_results_json(results, opts, std::cout);
        } else {
            fahras::print_syntax_notice(results, std::cerr);
            fahras::print_results_text(results, opts, std::cout);
        }
        return results.hits.empty() ? fahras::EXIT_NO_RESULTS : fahras::EXIT_OK;
    });
}
