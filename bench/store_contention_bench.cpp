// store_contention_bench: how long a session's store write waits while an import commits batches.
//
//   store_contention_bench [--residents N] [--import-records M] [--batches 100,500,...]
//                          [--interval-ms 10] [--import-cache-kib K] [--dir PATH]
//
// A store of N synthetic residents (default 200,000). For each batch size, on a fresh copy of it:
// one thread imports M NDJSON records (default 100,000, two base64 templates each, generated as the
// import reads them, like a request body arriving) through store::import_ndjson on its own
// connection, while another thread does a pickup's journal writes on its own, one every 10 ms, as
// the store worker does for a session: intent, fetched, chip_verified, presenting, done, then a
// restock of the slot (one transaction, like staff's) so that the cycle can run again. Each write's
// wait is the time its call took (the write lock, then the synchronous=FULL commit).
//
// Prints, for no import and for each batch size: the import's rate and the session writes' wait
// p50/p99/max in ms. The budget (issue 10, "never stall a frame"): a session's write waits under
// 10 ms at p99; kiosk/store/ndjson_import.hpp's default batch is the largest that keeps it.
#include "kiosk/core/nik.hpp"
#include "kiosk/store/base64.hpp"
#include "kiosk/store/ndjson_import.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"
#include "kiosk/store/templates.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::store;
using Clock = std::chrono::steady_clock;

namespace {

template <class T>
T must(Result<T> result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "store_contention_bench: %s: %s\n", what, result.error().to_string().c_str());
        std::exit(1);
    }
    return std::move(result).value();
}

void must(const Status& status, const char* what) {
    if (!status) {
        std::fprintf(stderr, "store_contention_bench: %s: %s\n", what, status.error().to_string().c_str());
        std::exit(1);
    }
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An NDJSON body of `lines` residents of kota 3273 (none of them seeded: the seed's region is 1403),
// produced line by line as the reader asks for it.
class GeneratedBody final : public std::streambuf {
public:
    explicit GeneratedBody(std::int64_t lines) : lines_(lines), random_(7), bytes_(kTemplateBytes) {}

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (next_ >= lines_) return traits_type::eof();
        make_line(next_++);
        setg(line_.data(), line_.data(), line_.data() + line_.size());
        return traits_type::to_int_type(*gptr());
    }

private:
    void make_line(std::int64_t i) {
        // Unique by construction: kecamatan and serial from the counter, one birth date per sex.
        const std::int64_t kecamatan = 1 + i / 9999 % 99;
        const std::int64_t serial = 1 + i % 9999;
        const bool woman = i / (9999 * 99) % 2 == 1;
        char nik[17];
        std::snprintf(nik, sizeof nik, "3273%02lld%s0590%04lld", static_cast<long long>(kecamatan),
                      woman ? "55" : "15", static_cast<long long>(serial));
        line_ = std::string(R"({"nik":")") + nik + R"(","name":"Warga Impor )" + std::to_string(i) +
                R"(","status":"PRINTED","status_time":1767225600,"templates":[")";
        for (int finger = 0; finger < 2; ++finger) {
            for (auto& b : bytes_) b = static_cast<std::uint8_t>(random_.next());
            line_ += base64_encode(bytes_.data(), bytes_.size());
            line_ += finger == 0 ? R"(",")" : "\"]}\n";
        }
    }

    std::int64_t lines_;
    std::int64_t next_ = 0;
    SplitMix64 random_;
    std::vector<std::uint8_t> bytes_;
    std::string line_;
};

// The slot the session picks up from, again and again.
struct PickupSlot {
    std::int64_t slot = 0;
    core::Nik nik;
    std::string card_serial;
};

PickupSlot loaded_slot(Database& db) {
    for (const auto& slot : must(Slots(db).all(), "slots")) {
        if (slot.state == SlotState::loaded && slot.nik && slot.card_serial) return {slot.slot, *slot.nik, *slot.card_serial};
    }
    std::fprintf(stderr, "store_contention_bench: the seed loaded no slot\n");
    std::exit(1);
}

// A pickup's writes in the order the session makes them, one per call; the restock closes the cycle.
class SessionWrites {
public:
    SessionWrites(Database& db, PickupSlot slot) : db_(db), slot_(std::move(slot)) {}

    void next() {
        PickupJournal journal(db_);
        const std::int64_t now = unix_now_s();
        switch (step_++ % 6) {
            case 0: id_ = must(journal.begin(slot_.nik, slot_.slot, now), "intent"); break;
            case 1: must(journal.step(id_, PickupState::fetched, now), "fetched"); break;
            case 2: must(journal.step(id_, PickupState::chip_verified, now), "chip_verified"); break;
            case 3: must(journal.step(id_, PickupState::presenting, now), "presenting"); break;
            case 4: must(journal.done(id_, now), "done"); break;
            case 5: {
                auto transaction = must(Transaction::begin(db_, TransactionKind::immediate, "bench.restock"), "begin");
                Records records(db_);
                (void)must(records.update_status(slot_.nik, core::CardStatus::in_kiosk, now), "restock status");
                (void)must(records.set_slot(slot_.nik, slot_.slot), "restock slot");
                must(Slots(db_).load(slot_.slot, slot_.card_serial, slot_.nik, now), "restock load");
                must(transaction.commit(), "restock commit");
                break;
            }
        }
    }

private:
    Database& db_;
    PickupSlot slot_;
    std::int64_t step_ = 0;
    std::int64_t id_ = 0;
};

struct Run {
    std::optional<double> import_records_per_s;  // nullopt: no import
    std::vector<double> waits_ms;
};

double at(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

// One run on `path`: session writes every interval until the import (if any) ends, or for
// `alone_writes` writes without one.
Run measure(const std::string& path, std::optional<std::int64_t> batch, std::int64_t import_records,
            std::chrono::milliseconds interval, int import_cache_kib, std::int64_t alone_writes) {
    OpenOptions kiosk;  // as the kiosk opens a connection
    kiosk.integrity = IntegrityCheck::none;
    auto session_db = must(open_store(path, kiosk), "open session connection");
    SessionWrites writes(session_db, loaded_slot(session_db));

    std::atomic<bool> importing{batch.has_value()};
    Run run;
    std::thread importer;
    if (batch) {
        importer = std::thread([&] {
            OpenOptions import_options = kiosk;
            import_options.cache_size_kib = import_cache_kib;
            auto db = must(open_store(path, import_options), "open import connection");
            GeneratedBody body(import_records);
            std::istream input(&body);
            const auto start = Clock::now();
            const auto summary = must(import_ndjson(db, input, [](const BadLine&) {}, *batch), "import");
            const double s = std::chrono::duration<double>(Clock::now() - start).count();
            if (summary.bad_lines != 0) {
                std::fprintf(stderr, "store_contention_bench: %lld bad lines\n", static_cast<long long>(summary.bad_lines));
                std::exit(1);
            }
            run.import_records_per_s = static_cast<double>(summary.imported) / s;
            importing = false;
        });
    }
    auto due = Clock::now();
    for (std::int64_t n = 0; batch ? importing.load() : n < alone_writes; ++n) {
        due = std::max(due + interval, Clock::now());
        std::this_thread::sleep_until(due);
        const auto start = Clock::now();
        writes.next();
        run.waits_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    if (importer.joinable()) importer.join();
    std::sort(run.waits_ms.begin(), run.waits_ms.end());
    return run;
}

std::vector<std::int64_t> parse_batches(const char* text) {
    std::vector<std::int64_t> out;
    for (const char* p = text; *p != '\0';) {
        char* end = nullptr;
        const long long value = std::strtoll(p, &end, 10);
        if (end == p || value <= 0) return {};
        out.push_back(value);
        p = *end == ',' ? end + 1 : end;
        if (*end != ',' && *end != '\0') return {};
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t residents = 200'000;
    std::int64_t import_records = 100'000;
    std::vector<std::int64_t> batches = {100, 500, 1000, 5000, 10000};
    std::int64_t interval_ms = 10;
    int import_cache_kib = 8 * 1024;
    std::string dir = std::filesystem::temp_directory_path() / "kiosk-store-contention-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--residents") == 0)
            residents = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--import-records") == 0)
            import_records = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--batches") == 0)
            batches = parse_batches(argv[i + 1]);
        else if (std::strcmp(argv[i], "--interval-ms") == 0)
            interval_ms = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--import-cache-kib") == 0)
            import_cache_kib = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else
            batches.clear();
        if (batches.empty() || residents <= 0 || import_records <= 0 || interval_ms <= 0) {
            std::fprintf(stderr,
                         "usage: store_contention_bench [--residents N] [--import-records M] [--batches 100,500,...] "
                         "[--interval-ms 10] [--import-cache-kib K] [--dir PATH]\n");
            return 2;
        }
    }
    std::filesystem::create_directories(dir);
    const std::string base_path = dir + "/base.db";
    const std::string run_path = dir + "/run.db";
    const auto interval = std::chrono::milliseconds(interval_ms);

    remove_database(base_path);
    {
        OpenOptions bulk;
        bulk.cache_size_kib = 256 * 1024;
        auto db = must(open_store(base_path, bulk), "open base");
        SeedOptions seed;
        seed.records = residents;
        (void)must(seed_synthetic_residents(db, seed), "seed");
    }  // closed: the WAL is checkpointed into the file, which each run copies

    std::printf("store_contention_bench: %lld residents; import of %lld NDJSON records (2 templates each) on its "
                "own connection; a session journal write every %lld ms on another; files in %s\n",
                static_cast<long long>(residents), static_cast<long long>(import_records),
                static_cast<long long>(interval_ms), dir.c_str());
    std::printf("%-8s %14s %8s %10s %10s %10s\n", "batch", "import rec/s", "writes", "p50 ms", "p99 ms", "max ms");
    std::optional<std::int64_t> best;
    std::vector<std::optional<std::int64_t>> runs = {std::nullopt};
    for (const auto b : batches) runs.emplace_back(b);
    for (const auto& batch : runs) {
        remove_database(run_path);
        std::filesystem::copy_file(base_path, run_path);
        const Run run = measure(run_path, batch, import_records, interval, import_cache_kib, 300);
        if (run.waits_ms.empty()) {
            std::fprintf(stderr, "store_contention_bench: the import ended before a session write\n");
            return 1;
        }
        const double p99 = at(run.waits_ms, 0.99);
        const std::string rate = run.import_records_per_s ? std::to_string(static_cast<long long>(*run.import_records_per_s)) : "-";
        std::printf("%-8s %14s %8zu %10.2f %10.2f %10.2f\n", batch ? std::to_string(*batch).c_str() : "none",
                    rate.c_str(), run.waits_ms.size(), at(run.waits_ms, 0.5), p99, run.waits_ms.back());
        std::fflush(stdout);
        if (batch && p99 < 10.0 && (!best || *batch > *best)) best = *batch;
    }
    if (best) {
        std::printf("largest batch with the session's p99 wait under 10 ms: %lld lines\n", static_cast<long long>(*best));
    } else {
        std::printf("no batch size kept the session's p99 wait under 10 ms\n");
    }
    remove_database(base_path);
    remove_database(run_path);
    return 0;
}
