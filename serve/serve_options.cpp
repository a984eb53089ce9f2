// fahras-serve's command line: the only file of serve/ that knows Boost.ProgramOptions.
#include "serve_options.h"

#include <request_params.h>

#include <fahras/cli_common.h>
#include <fahras/cli_options.h>
#include <fahras/error.h>

#include <thread>

namespace po = boost::program_options;

namespace fahras::serve {

namespace {

// HOST:PORT, HOST being a name or an IPv4 address, or [IPv6]:PORT.
void apply_listen(const std::string& listen, ServeOptions& opts) {
    const std::size_t colon = listen.rfind(':');
    const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
    std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    if (host.empty() || !digits || std::stoul(port) > 65535)
        throw po::error("--listen expects HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080), got '" + listen + "'");
    opts.host = host;
    opts.port = static_cast<unsigned short>(std::stoul(port));
}

std::string usage_caption() {
    return "Usage: fahras-serve --db DIR [--listen 127.0.0.1:8080] [OPTIONS]\n\n"
           "Serve searches of a Fahras database over HTTP, as JSON: GET /api/search,\n"
           "/api/suggest, /api/articles/ID, /healthz, and /metrics for Prometheus\n"
           "(docs/serve.md).  Listens on loopback unless\n"
           "--listen says otherwise; put a reverse proxy (nginx) in front of it for any\n"
           "other network.  SIGTERM or SIGINT: stop accepting, finish the requests in\n"
           "flight, exit 0.\n\nOptions";
}

}  // namespace

ServeOptions parse_serve_options(int argc, const char* const argv[]) {
    ServeOptions opts;
    std::string listen = "127.0.0.1:8080";
    const unsigned cores = std::thread::hardware_concurrency();
    opts.threads = cores == 0 ? 1 : cores;
    long read_timeout = opts.read_timeout.count(), idle_timeout = opts.idle_timeout.count();
    std::string remote_timeout = "5";  // DEFAULT_REMOTE_TIMEOUT
    po::options_description visible(usage_caption());
    visible.add_options()
        ("db,d", po::value(&opts.db_path)->default_value(default_database_path()),
         "database directory, sharded directory or stub file listing shards (default $FAHRAS_DB or ./fahras-db)")
        ("remote-timeout", po::value(&remote_timeout)->value_name("SECONDS")->default_value(remote_timeout),
         "how long a remote shard may take to connect or answer before a search is answered 503 "
         "(or, with partial=1, without it)")
        ("listen", po::value(&listen)->default_value(listen), "HOST:PORT to listen on (port 0: any free port)")
        ("threads", po::value(&opts.threads)->default_value(opts.threads), "worker threads (default: one per core)")
        ("variants", po::value(&opts.variant_files)->composing(),
         "FILE: more name variants (one group a line, members separated by |); repeatable")
        ("read-timeout", po::value(&read_timeout)->default_value(read_timeout),
         "seconds a request may take to arrive once begun")
        ("idle-timeout", po::value(&idle_timeout)->default_value(idle_timeout),
         "seconds a kept-alive connection may wait for its next request")
        ("max-connections", po::value(&opts.max_connections)->default_value(opts.max_connections),
         "connections open at once; more are answered 503 and closed")
        ("quiet,q", po::bool_switch(&opts.quiet), "no request log on stderr")
        ("help,h", po::bool_switch(&opts.show_help), "show this help")
        ("version", po::bool_switch(&opts.show_version), "show the version");
    std::vector<std::string> positional;
    const po::variables_map vm = parse_command_line(argc, argv, visible, positional, "", opts.help_text);
    if (opts.show_help || opts.show_version) return opts;
    if (!positional.empty()) throw po::error("unexpected argument '" + positional.front() + "'");
    apply_listen(listen, opts);
    if (opts.threads < 1 || opts.threads > 256) throw po::error("--threads must be from 1 to 256");
    if (read_timeout < 1 || idle_timeout < 1 || read_timeout > 3600 || idle_timeout > 3600)
        throw po::error("--read-timeout and --idle-timeout must be from 1 to 3600 seconds");
    if (opts.max_connections < 1) throw po::error("--max-connections must be at least 1");
    try {
        opts.remote_timeout = timeout_param("--remote-timeout", remote_timeout);
    } catch (const Error& e) {
        throw po::error(e.what());
    }
    opts.read_timeout = std::chrono::seconds(read_timeout);
    opts.idle_timeout = std::chrono::seconds(idle_timeout);
    return opts;
}

}  // namespace fahras::serve
