// Importing residents' records from NDJSON: one JSON object per line, upserted by NIK.
//
// Fields of a line (anything else makes the line bad, so a misspelt field is never silently lost):
//   nik                 string, required   16 digits; spaces/dashes between groups accepted (Nik::parse)
//   name                string, required   non-empty, at most 200 bytes
//   status              string, required   a CardStatus wire code, e.g. "PRINT_READY_RECORD"
//   status_time         integer, required  unix seconds of the last status change, >= 0
//   queue_position      integer >= 1 or null, optional
//   office_blank_stock  integer >= 0 or null, optional
//   priority            string, optional   "FIRST_CARD" (default), "URGENT_NEED", "REPLACEMENT"
//   card_serial         string or null, optional
//   templates           array of 1 or 2 base64 strings or null, optional: finger 1 then finger 2,
//                       each exactly 512 bytes once decoded; replaces those fingers' templates
// Blank lines are skipped. A line's upsert keeps the record's dispenser slot (the kiosk's own fact).
//
// Bad lines are reported with their 1-based line number and a reason that never contains the NIK,
// the name or any other value from the line; the good lines are imported. A line may be at most
// 64 KiB long (two templates take under 1.5 KiB).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/templates.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

struct ImportedRecord {
    Record record;
    std::vector<FingerTemplate> templates;  // index 0 is finger 1
};

// The record on a line, or the reason the line is bad.
[[nodiscard]] Result<ImportedRecord, std::string> parse_import_line(std::string_view line);

struct BadLine {
    std::int64_t line = 0;
    std::string reason;
};
using OnBadLine = std::function<void(const BadLine&)>;

struct ImportSummary {
    std::int64_t imported = 0;   // good lines upserted, the unchanged ones among them
    std::int64_t unchanged = 0;  // good lines whose record and templates were already exactly so
    std::int64_t bad_lines = 0;
};

// "imported=N unchanged=N bad_lines=N": the audit row's detail for an import, from any caller.
[[nodiscard]] std::string import_audit_detail(const ImportSummary& summary);

// Good lines upserted in one transaction. The one default for every importer (kioskctl and the
// management server's PUT /api/v1/records): a batch holds the write lock for as long as it takes to
// write it, and a session's write on the store worker waits that long, so this is sized by
// measurement. bench/store_contention_bench (200,000 residents, an import of 100,000 lines with two
// templates each, a session write every 10 ms, 2 cores shared with other work) gave the session
// write's p99 wait 3.6 ms at 100 lines, 5.8 ms at 1,000 and 50 ms at 5,000, and the import 61k, 75k
// and 57k lines/s: 1,000 keeps the import's commits (each an fsync) few and the wait under 10 ms.
inline constexpr std::int64_t kImportBatchLines = 1'000;

// An import fed its NDJSON in pieces of any size, as they arrive (a file read in blocks, an HTTP
// body chunk by chunk). Each byte is seen once; a line split across pieces is put back together,
// and a line longer than the line limit (64 KiB) is not kept but reported bad once its end comes.
// Memory stays bounded whatever the input's size: one line, and the parsed good lines of one batch.
//
// Good lines wait in memory until batch_lines of them are collected and are then written in one
// transaction: the write lock is never held while the importer waits for more input. An upsert of
// a record and templates exactly as stored writes nothing (Records::upsert, Templates::put), so
// importing the same input twice leaves the database as it was; such lines count as unchanged.
//
// Batches commit without an fsync; finish() and finish_cut_off() flush the log before they return,
// so the summary they give is durable (write_batch explains why the batches need not be).
// A database error fails this feed() and every later call; the batches committed before it stay.
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
class NdjsonImporter {
public:
    // Errors: batch_lines < 1.
    [[nodiscard]] static Result<NdjsonImporter> start(Database& database, OnBadLine on_bad_line,
                                                      std::int64_t batch_lines = kImportBatchLines);

    // The next bytes of the input. on_bad_line is called for each bad line whose end they hold.
    Status feed(std::string_view bytes);
    // The input has ended: its last line (which needs no '\n') is taken and the last batch written.
    Result<ImportSummary> finish();
    // The input was cut off (the sender went away): the whole lines received are written, the
    // unterminated tail is dropped without a report, as it may be a line cut short.
    Result<ImportSummary> finish_cut_off();

    // What has been committed so far.
    [[nodiscard]] const ImportSummary& summary() const { return summary_; }
    // Lines whose end has been seen (the last reported line number).
    [[nodiscard]] std::int64_t lines_read() const { return line_number_; }

private:
    NdjsonImporter(Database& database, OnBadLine on_bad_line, std::int64_t batch_lines);
    Status end_line(std::string_view line);
    Status write_batch();
    Result<ImportSummary> finish_with(bool take_tail);

    Database* database_;
    OnBadLine on_bad_line_;
    std::int64_t batch_lines_;
    std::vector<ImportedRecord> pending_;  // parsed good lines not yet written, at most batch_lines
    std::string partial_;                  // the current line's bytes so far, at most the line limit
    bool partial_too_long_ = false;        // the current line passed the limit; its bytes are dropped
    std::int64_t line_number_ = 0;
    bool unsynced_ = false;  // batches committed since the log was last flushed
    ImportSummary summary_;
    std::optional<Error> failed_;
};

// Reads `input` to its end through an NdjsonImporter. Fails only on a database error or a failed
// read; batches committed before it stay.
Result<ImportSummary> import_ndjson(Database& database, std::istream& input, const OnBadLine& on_bad_line,
                                    std::int64_t batch_lines = kImportBatchLines);

}  // namespace kiosk::store
