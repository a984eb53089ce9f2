#include "index_run.h"

#include "generations.h"
#include "messages.h"

#include <fahras/error.h>

#include <csignal>
#include <ostream>
#include <thread>

namespace fahras {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

namespace {

extern "C" void request_stop(int) { stop_requested.store(true); }

}  // namespace

StopSignals::StopSignals() {
    stop_requested.store(false);
    previous_int_ = std::signal(SIGINT, request_stop);
    previous_term_ = std::signal(SIGTERM, request_stop);
}

StopSignals::~StopSignals() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
}

std::string now_iso() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }

IndexRun::IndexRun(const IndexerOptions& options, std::ostream& errors)
    : opts(options), err(errors), reader(options.reader) {
    // A stop must reach the reader too: input may block (a FIFO, a
    // pipe that stays open) or never end (/dev/zero).
    reader.cancel = &stop_requested;
}

void IndexRun::report(const InputProblem& problem) {
    if (problem.summary) {
        err << shown(problem.where) << ": note: " << shown(problem.reason) << '\n';
        return;
    }
    (problem.article_lost ? stats.failed : stats.warnings)++;
    if (problem.shown)
        err << shown(problem.where) << ": " << (problem.article_lost ? "error: " : "warning: ")
            << shown(problem.reason) << '\n';
}

void IndexRun::refuse(const std::string& why) {
    stats.notice = why;
    err << "fahras-index: " << why << '\n';
}

std::size_t IndexRun::threads() const {
    if (opts.threads > 0) return opts.threads;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? cores : 1;
}

bool IndexRun::show_progress() const { return opts.progress && !opts.quiet && !opts.verbose; }

bool IndexRun::use_block_databases() const { return threads() > 1 && opts.block_database_size > 0; }

std::vector<InputFile> IndexRun::input_files(std::uint64_t& total_bytes) {
    const auto files = expand_inputs(opts.inputs, [this](const InputProblem& p) { report(p); });
    if (files.empty() && stats.failed > 0)
        throw Error(EXIT_NO_INPUT, "nothing to index: none of the inputs could be read");
    total_bytes = 0;
    for (const auto& file : files) total_bytes += file.size;
    return files;
}

std::string IndexRun::unchanged_notice() const {
    return opts.mode == IndexMode::rebuild ? "the live database is unchanged" : "the database keeps its last commit";
}

}  // namespace fahras
