// fahras-alerts: parse, run, map the outcome to an exit code.
#include "alerts.h"

#include <fahras/cli_common.h>
#include <fahras/exit_codes.h>

#include <iostream>

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-alerts", std::cerr, [&]() -> int {
        const auto opts = fahras::parse_alerts_options(argc, argv);
        if (opts.show_help) {
            std::cout << opts.help_text;
            return 0;
        }
        if (opts.show_version) {
            std::cout << "fahras-alerts " << fahras::VERSION << '\n';
            return 0;
        }
        const auto summary = fahras::run_alerts(opts, std::cout, std::cerr);
        if (opts.verbose)
            std::cerr << "fahras-alerts: run " << summary.run << ": " << summary.new_articles << " new articles, "
                      << summary.records << " alerts, " << summary.hits << " hits, " << summary.failed
                      << " saved searches failed, " << summary.seconds << " s\n";
        return summary.failed > 0 ? fahras::EXIT_DATA_ERROR : fahras::EXIT_OK;
    });
}
