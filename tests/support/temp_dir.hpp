// A fresh private directory under the system temp dir for one test, removed with everything in it
// when the test ends (permissions restored first, for tests that lock themselves out of it).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kiosk::testing {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kiosk-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) std::abort();  // the test cannot run at all
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(path_, ignored);
    }
    [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    // Writes `text` to a file of that name here and returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary | std::ios::trunc) << text;
        return file(name);
    }

private:
    std::filesystem::path path_;
};

}  // namespace kiosk::testing
