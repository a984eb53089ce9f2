#include "fuzz_support.h"

#include <fahras/utf8.h>

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fahras::fuzz {

namespace {

// Removed at a normal exit (the end of a run); a crash leaves it behind,
// under $TMPDIR, which scripts/fuzz.sh points into build-fuzz/.
class ScratchDir {
  public:
    ScratchDir() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fahras-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data())) fail("mkdtemp succeeds", pattern);
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace

void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "\nfuzz property failed: %s\n  %s\n", what, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

std::string escaped(std::string_view text, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    if (text.size() > limit) out += "...";
    return out;
}

std::string scratch_path(const std::string& name) {
    static const ScratchDir dir;
    return dir.path() + "/" + name;
}

void write_file(const std::string& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) fail("the scratch file is written", path);
}

void write_gzip(const std::string& path, std::string_view content) {
    gzFile file = gzopen(path.c_str(), "wb");
    if (!file) fail("the scratch gzip file opens", path);
    // gzwrite takes an unsigned length; fuzz inputs are small.
    const int written = content.empty() ? 0 : gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    if (gzclose(file) != Z_OK || written != static_cast<int>(content.size())) fail("the scratch gzip file is written", path);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void check_spans(const nlohmann::json& spans, const nlohmann::json& text, const std::string& context) {
    FUZZ_REQUIRE(spans.is_array() && text.is_string(), context);
    const std::size_t length = utf8::length(text.get<std::string>());
    std::size_t previous_end = 0;
    for (const auto& span : spans) {
        FUZZ_REQUIRE(span.is_array() && span.size() == 2, context);
        const auto begin = span[0].get<std::size_t>(), end = span[1].get<std::size_t>();
        FUZZ_REQUIRE(previous_end <= begin && begin < end && end <= length, "span " + span.dump() + "; " + context);
        previous_end = end;
    }
}

}  // namespace fahras::fuzz
