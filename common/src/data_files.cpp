#include <fahras/data_files.h>

#include <cstdlib>
#include <filesystem>

namespace fahras {

std::string data_file_path(std::string_view relative, const char* env_override) {
    if (env_override) {
        if (const char* env = std::getenv(env_override); env && *env) return env;
    }
    for (const char* root : {FAHRAS_DATA_DIR, "/usr/local/share/fahras", "/usr/share/fahras"}) {
        const std::filesystem::path candidate = std::filesystem::path(root) / relative;
        std::error_code ec;
        if (std::filesystem::exists(candidate, ec)) return candidate.string();
    }
    return {};
}

}  // namespace fahras
