#include <fahras/data_files.h>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace fahras {

std::vector<std::string> data_dirs() {
    // One directory, and only it: a packager's layout, or a test that
    // needs the data to be missing.
    if (const char* env = std::getenv("FAHRAS_DATA_DIR"); env && *env) return {env};
    std::vector<std::string> dirs;
    // Relative to the program itself, so that any --prefix works and an
    // installed tree can be moved; it comes first so that an installed
    // program reads its own data, not the tree it was built from.
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((self.parent_path() / FAHRAS_DATA_DIR_FROM_BIN).lexically_normal().string());
    dirs.emplace_back(FAHRAS_SOURCE_DATA_DIR);
    dirs.emplace_back(FAHRAS_INSTALL_DATA_DIR);
    return dirs;
}

std::string data_file_path(std::string_view relative, const char* env_override) {
    if (env_override) {
        if (const char* env = std::getenv(env_override); env && *env) return env;
    }
    for (const std::string& dir : data_dirs()) {
        const fs::path candidate = fs::path(dir) / relative;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

std::string data_file_not_found(std::string_view relative) {
    const std::vector<std::string> dirs = data_dirs();
    std::string message = "found no " + std::string(relative) + " in ";
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        if (i > 0) message += i + 1 == dirs.size() ? " or " : ", ";
        message += dirs[i];
    }
    return message;
}

}  // namespace fahras
