#include "kiosk/store/ndjson_import.hpp"

#include "kiosk/store/base64.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <optional>

namespace kiosk::store {
namespace {

namespace json = boost::json;

constexpr const char* kWhere = "store.import";
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxLineBytes = 64 * 1024;
constexpr std::size_t kReadBlockBytes = 64 * 1024;  // import_ndjson's reads from its stream

std::string line_too_long_reason() { return "line longer than " + std::to_string(kMaxLineBytes) + " bytes"; }

using LineResult = Result<ImportedRecord, std::string>;

std::string field_error(std::string_view field, std::string_view problem) {
    return "field '" + std::string(field) + "': " + std::string(problem);
}

// An integer field that may be absent or null. Doubles (1.0) are a type error: these are counts.
Result<std::optional<std::int64_t>, std::string> optional_int(const json::object& object, std::string_view field,
                                                              std::int64_t minimum) {
    const json::value* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) return std::optional<std::int64_t>{};
    std::int64_t number = 0;
    if (value->is_int64()) {
        number = value->get_int64();
    } else if (value->is_uint64()) {
        return fail(field_error(field, "integer out of range"));
    } else {
        return fail(field_error(field, "must be an integer"));
    }
    if (number < minimum) return fail(field_error(field, "must be at least " + std::to_string(minimum)));
    return std::optional<std::int64_t>{number};
}

Result<std::optional<std::string_view>, std::string> optional_string(const json::object& object,
                                                                     std::string_view field) {
    const json::value* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) return std::optional<std::string_view>{};
    if (!value->is_string()) return fail(field_error(field, "must be a string"));
    const json::string& text = value->get_string();
    return std::optional<std::string_view>{std::string_view(text.data(), text.size())};
}

Result<std::vector<FingerTemplate>, std::string> templates_field(const json::object& object) {
    std::vector<FingerTemplate> templates;
    const json::value* value = object.if_contains("templates");
    if (value == nullptr || value->is_null()) return templates;
    if (!value->is_array()) return fail(field_error("templates", "must be an array of base64 strings"));
    const json::array& items = value->get_array();
    if (items.empty() || items.size() > 2) return fail(field_error("templates", "must hold 1 or 2 templates"));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string which = "template " + std::to_string(i + 1);
        if (!items[i].is_string()) return fail(field_error("templates", which + " must be a base64 string"));
        const json::string& text = items[i].get_string();
        auto bytes = base64_decode(std::string_view(text.data(), text.size()));
        if (!bytes) return fail(field_error("templates", which + " is not valid base64"));
        if (bytes->size() != kTemplateBytes) {
            return fail(field_error("templates", which + " is " + std::to_string(bytes->size()) + " bytes, not 512"));
        }
        FingerTemplate data{};
        std::copy(bytes->begin(), bytes->end(), data.begin());
        templates.push_back(data);
    }
    return templates;
}

constexpr std::array<std::string_view, 9> kKnownFields = {"nik",         "name",           "status",
                                                          "status_time", "queue_position", "office_blank_stock",
                                                          "priority",    "card_serial",    "templates"};

}  // namespace

LineResult parse_import_line(std::string_view line) {
    if (line.size() > kMaxLineBytes) return fail(line_too_long_reason());
    // The line's values live in a buffer on the stack (a record's line takes a few hundred bytes;
    // one with two templates spills into the heap): a malloc for every key and string of every line
    // was a tenth of an import's time.
    unsigned char values[4096];
    json::monotonic_resource resource(values, sizeof values);
    boost::system::error_code parse_error;
    const json::value document =
        json::parse(json::string_view(line.data(), line.size()), parse_error, json::storage_ptr(&resource));
    if (parse_error) return fail("malformed JSON (" + parse_error.message() + ")");
    if (!document.is_object()) return fail(std::string("not a JSON object"));
    const json::object& object = document.get_object();
    for (const auto& member : object) {
        const std::string_view key(member.key().data(), member.key().size());
        if (std::find(kKnownFields.begin(), kKnownFields.end(), key) == kKnownFields.end()) {
            // Field names come from the feed's schema, not from a resident: safe to name. Capped so a
            // line cannot smuggle data into the log through a long "field name".
            return fail("unknown field '" + std::string(key.substr(0, 40)) + "'");
        }
    }

    const auto nik_text = TRY(optional_string(object, "nik"));
    if (!nik_text) return fail(field_error("nik", "missing"));
    auto nik = core::Nik::parse(*nik_text);
    if (!nik) return fail(field_error("nik", nik.error().message()));

    const auto name = TRY(optional_string(object, "name"));
    if (!name || name->empty()) return fail(field_error("name", "missing or empty"));
    if (name->size() > kMaxNameBytes) return fail(field_error("name", "longer than 200 bytes"));
    // JSON allows "\u0000"; SQLite's length() stops at it, so the table's CHECK would refuse the row
    // and with it the whole batch. Refused here, as the line's own fault.
    if (name->find('\0') != std::string_view::npos) return fail(field_error("name", "contains a NUL character"));

    const auto status_code = TRY(optional_string(object, "status"));
    if (!status_code) return fail(field_error("status", "missing"));
    const auto status = core::card_status_from_wire_code(*status_code);
    if (!status) return fail(field_error("status", "unknown status code"));

    const auto status_time = TRY(optional_int(object, "status_time", 0));
    if (!status_time) return fail(field_error("status_time", "missing"));

    const auto queue_position = TRY(optional_int(object, "queue_position", 1));
    const auto blank_stock = TRY(optional_int(object, "office_blank_stock", 0));

    const auto priority_code = TRY(optional_string(object, "priority"));
    core::Priority priority = core::Priority::first_card;
    if (priority_code) {
        const auto parsed = core::priority_from_wire_code(*priority_code);
        if (!parsed) return fail(field_error("priority", "unknown priority code"));
        priority = *parsed;
    }

    const auto card_serial = TRY(optional_string(object, "card_serial"));
    if (card_serial && card_serial->find('\0') != std::string_view::npos)
        return fail(field_error("card_serial", "contains a NUL character"));
    auto templates = TRY(templates_field(object));

    Record record{.nik = *nik,
                  .name = std::string(*name),
                  .status = *status,
                  .status_time_s = *status_time,
                  .queue_position = queue_position,
                  .office_blank_stock = blank_stock,
                  .priority = priority,
                  .card_serial = card_serial ? std::optional<std::string>(std::string(*card_serial)) : std::nullopt,
                  .slot = std::nullopt};
    return ImportedRecord{std::move(record), std::move(templates)};
}

std::string import_audit_detail(const ImportSummary& summary) {
    return "imported=" + std::to_string(summary.imported) + " unchanged=" + std::to_string(summary.unchanged) +
           " bad_lines=" + std::to_string(summary.bad_lines);
}

Result<NdjsonImporter> NdjsonImporter::start(Database& database, OnBadLine on_bad_line, std::int64_t batch_lines) {
    if (batch_lines <= 0) return fail(kWhere, "batch_lines must be positive");
    return NdjsonImporter(database, std::move(on_bad_line), batch_lines);
}

NdjsonImporter::NdjsonImporter(Database& database, OnBadLine on_bad_line, std::int64_t batch_lines)
    : database_(&database), on_bad_line_(std::move(on_bad_line)), batch_lines_(batch_lines) {
    pending_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(batch_lines_, 1024)));
}

Status NdjsonImporter::feed(std::string_view bytes) {
    if (failed_) return fail(*failed_);
    while (!bytes.empty()) {
        const std::size_t newline = bytes.find('\n');
        const std::string_view piece = bytes.substr(0, newline);
        if (newline != std::string_view::npos && partial_.empty() && !partial_too_long_) {
            // The whole line is in this piece: parsed where it lies, without a copy.
            TRY(end_line(piece));
        } else {
            if (!partial_too_long_) {
                if (partial_.size() + piece.size() > kMaxLineBytes) {
                    partial_too_long_ = true;
                    partial_.clear();
                } else {
                    partial_.append(piece);
                }
            }
            if (newline == std::string_view::npos) return {};
            TRY(end_line(partial_));
            partial_.clear();
            partial_too_long_ = false;
        }
        bytes.remove_prefix(newline + 1);
    }
    return {};
}

Status NdjsonImporter::end_line(std::string_view line) {
    ++line_number_;
    if (partial_too_long_) {
        ++summary_.bad_lines;
        on_bad_line_(BadLine{line_number_, line_too_long_reason()});
        return {};
    }
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return {};
    auto parsed = parse_import_line(line);
    if (!parsed) {
        ++summary_.bad_lines;
        on_bad_line_(BadLine{line_number_, parsed.error()});
        return {};
    }
    pending_.push_back(std::move(parsed).value());
    if (static_cast<std::int64_t>(pending_.size()) >= batch_lines_) return write_batch();
    return {};
}

Status NdjsonImporter::write_batch() {
    if (pending_.empty()) return {};
    // Puts the connection back at FULL when the batch ends by an exception (an allocation that
    // failed): the caller's next write, an audit row, must be durable. The normal way back is below.
    struct FullOnUnwind {
        Database* database;
        bool done = false;
        ~FullOnUnwind() {
            if (!done) (void)database->exec("PRAGMA synchronous = FULL", kWhere);
        }
    } unwind{database_};
    Status written = [this]() -> Status {
        Records records(*database_);
        Templates templates(*database_);
        ImportSummary batch;
        // The batch commits without an fsync (synchronous = NORMAL: in WAL mode the database stays
        // consistent through a power cut, only the latest commits may be lost); finish() flushes the
        // log once for all of them before it answers, so what it reports is durable. A batch lost to
        // a power cut was never reported: the sender had no answer and sends the file again, which
        // re-imports nothing that survived. The connection is back at FULL between batches.
        TRY(database_->exec("PRAGMA synchronous = NORMAL", kWhere));
        unsynced_ = true;
        auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, kWhere));
        // Lines without templates go in runs, many records a statement (Records::upsert_rows); a
        // line with templates ends a run and is written on its own, so that whether it changed
        // anything is known line by line. The order of the lines is kept either way.
        std::vector<const Record*> run;
        run.reserve(pending_.size());
        auto write_run = [&]() -> Status {
            const std::int64_t changed = TRY(records.upsert_rows(run));
            batch.imported += static_cast<std::int64_t>(run.size());
            batch.unchanged += static_cast<std::int64_t>(run.size()) - changed;
            run.clear();
            return {};
        };
        for (const ImportedRecord& line : pending_) {
            if (line.templates.empty()) {
                run.push_back(&line.record);
                continue;
            }
            TRY(write_run());
            TRY(records.upsert(line.record));
            bool changed = database_->changes() > 0;
            for (std::size_t i = 0; i < line.templates.size(); ++i) {
                const Finger finger = i == 0 ? Finger::first : Finger::second;
                TRY(templates.put(line.record.nik, finger, line.templates[i]));
                changed = changed || database_->changes() > 0;
            }
            ++batch.imported;
            if (!changed) ++batch.unchanged;
        }
        TRY(write_run());
        TRY(transaction.commit());
        summary_.imported += batch.imported;
        summary_.unchanged += batch.unchanged;
        return {};
    }();
    // Back to FULL whatever happened (outside the transaction, where the setting takes effect); a
    // connection left at NORMAL would make the caller's next write, an audit row, not durable.
    // A connection that stays at NORMAL is the worse fault: its error is the one reported.
    if (const Status full = database_->exec("PRAGMA synchronous = FULL", kWhere); !full) written = full;
    unwind.done = true;
    pending_.clear();
    if (!written) failed_ = written.error();
    return written;
}

Result<ImportSummary> NdjsonImporter::finish_with(bool take_tail) {
    if (failed_) return fail(*failed_);
    if (take_tail && (!partial_.empty() || partial_too_long_)) TRY(end_line(partial_));
    partial_.clear();
    partial_too_long_ = false;
    TRY(write_batch());
    if (unsynced_) {
        TRY(database_->sync_journal());
        unsynced_ = false;
    }
    return summary_;
}

Result<ImportSummary> NdjsonImporter::finish() { return finish_with(true); }

Result<ImportSummary> NdjsonImporter::finish_cut_off() { return finish_with(false); }

Result<ImportSummary> import_ndjson(Database& database, std::istream& input, const OnBadLine& on_bad_line,
                                    std::int64_t batch_lines) {
    auto importer = TRY(NdjsonImporter::start(database, on_bad_line, batch_lines));
    std::vector<char> block(kReadBlockBytes);
    for (;;) {
        input.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<std::size_t>(input.gcount());
        if (got > 0) TRY(importer.feed(std::string_view(block.data(), got)));
        if (!input) break;
    }
    if (input.bad())
        return fail(kWhere, "reading the input failed after line " + std::to_string(importer.lines_read()));
    return importer.finish();
}

}  // namespace kiosk::store
