// The lock book as schema versions 1 and 2 kept it: one text value in the settings table under
// "session.nik_lock_book", one entry per line,
//
//     NIK LOCKED_UNTIL_MS|- FAILURE_MS,FAILURE_MS,...
//
// Read once, by migration 3, which moves the entries into the nik_locks tables (nik_locks.hpp) and
// deletes the settings row. Nothing writes this form any more.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/store/sqlite.hpp"

#include <string_view>
#include <vector>

namespace kiosk::store {

inline constexpr std::string_view kLockBookV2SettingsKey = "session.nik_lock_book";

// The entries of the text, in its order. A damaged line (a NIK that is not 16 digits, a time that is
// not an integer, fewer than two fields) is dropped: that NIK starts again with no failures, which is
// what the kiosk did with such a line before. Fields after the third are ignored.
[[nodiscard]] std::vector<core::session::NikLockBook::Entry> parse_lock_book_v2_text(std::string_view text);

// Migration 3's data step, inside its transaction: the settings row's entries into nik_locks, then
// the row deleted. No row: nothing to move.
Status move_lock_book_v2_to_tables(Database& database);

}  // namespace kiosk::store
