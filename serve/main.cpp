// fahras-serve: parse, serve until SIGTERM or SIGINT, map the outcome to an exit code.
#include "http_server.h"
#include "serve_options.h"

#include <fahras/cli_common.h>

#include <iostream>

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-serve", std::cerr, [&]() -> int {
        const auto opts = fahras::serve::parse_serve_options(argc, argv);
        if (opts.show_help) {
            std::cout << opts.help_text;
            return 0;
        }
        if (opts.show_version) {
            std::cout << "fahras-serve " << fahras::VERSION << '\n';
            return 0;
        }
        return fahras::serve::run_server(opts, std::cerr);
    });
}
