// StoreWriteLock: another connection holding the database's write lock (BEGIN IMMEDIATE), as an
// import over HTTPS does while it commits a batch, until release() or the end of the scope.
#pragma once

#include "kiosk/store/store.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace kiosk::app::test {

class StoreWriteLock {
public:
    explicit StoreWriteLock(const std::string& path) {
        store::OpenOptions options;
        options.integrity = store::IntegrityCheck::none;
        auto opened = store::open_store(path, options);
        REQUIRE(opened.ok());
        db_.emplace(std::move(opened.value()));
        REQUIRE(db_->exec("BEGIN IMMEDIATE", "test.write_lock").ok());
        held_ = true;
    }
    StoreWriteLock(const StoreWriteLock&) = delete;
    StoreWriteLock& operator=(const StoreWriteLock&) = delete;
    ~StoreWriteLock() { release(); }

    void release() {
        if (!held_) return;
        held_ = false;
        REQUIRE(db_->exec("COMMIT", "test.write_lock").ok());
    }

private:
    std::optional<store::Database> db_;
    bool held_ = false;
};

}  // namespace kiosk::app::test
