// The request log: one line per request, client text made terminal-safe.
#include "request_log.h"

#include "api.h"

#include <fahras/terminal_text.h>

#include <cstdio>
#include <ostream>

namespace fahras::serve {

std::string request_log_line(std::string_view method, std::string_view target, int status, double milliseconds) {
    std::string path(target_path(target).substr(0, MAX_LOGGED_PATH_BYTES));
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f", milliseconds);
    std::string line = method.empty() ? "-" : terminal_text(method);
    line += ' ';
    line += path.empty() ? "-" : terminal_text(path);
    line += ' ' + std::to_string(status) + ' ' + ms + " ms";
    return line;
}

void RequestLog::write(const std::string& line) {
    if (!quiet_) notice(line);
}

void RequestLog::notice(const std::string& line) {
    const std::lock_guard<std::mutex> lock(mutex_);
    out_ << line << '\n' << std::flush;
}

}  // namespace fahras::serve
