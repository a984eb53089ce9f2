/** @file serve_options.h
 *  @brief fahras-serve's command line.
 */
#ifndef FAHRAS_SERVE_OPTIONS_H
#define FAHRAS_SERVE_OPTIONS_H

#include "serve_limits.h"

#include <shards.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace fahras::serve {

struct ServeOptions {
    std::string db_path;
    std::string host = "127.0.0.1";  ///< --listen HOST:PORT; loopback unless told otherwise
    unsigned short port = 8080;
    std::size_t threads = 1;                 ///< worker threads, each with its own Searcher
    std::vector<std::string> variant_files;  ///< --variants, as fahras-search takes them
    std::chrono::milliseconds remote_timeout = DEFAULT_REMOTE_TIMEOUT;  ///< --remote-timeout (searcher/shards.h)
    bool quiet = false;                      ///< no request log
    std::chrono::seconds read_timeout = DEFAULT_READ_TIMEOUT;
    std::chrono::seconds idle_timeout = DEFAULT_IDLE_TIMEOUT;
    std::size_t max_connections = DEFAULT_MAX_CONNECTIONS;
    bool show_help = false;
    bool show_version = false;
    std::string help_text;
};

/** Parse argv; throws boost::program_options::error. */
ServeOptions parse_serve_options(int argc, const char* const argv[]);

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_OPTIONS_H
