// store_bench: the store's budgets, measured.
//
//   store_bench [--records N] [--import-records N] [--lookups N] [--dir PATH]
//
// Prints: seed rate for N synthetic residents (default 1,000,000), NDJSON import rate, NIK lookup
// latency at N records (median and p99 for existing and absent NIKs, on a connection opened as the
// kiosk opens it), the cost of the integrity check at open, and the commit latency of a single status
// change with synchronous=FULL versus NORMAL (the reason the store uses FULL everywhere).
#include "kiosk/core/nik.hpp"
#include "kiosk/store/base64.hpp"
#include "kiosk/store/ndjson_import.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::store;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

template <class T>
T must(Result<T> result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "store_bench: %s: %s\n", what, result.error().to_string().c_str());
        std::exit(1);
    }
    return std::move(result).value();
}

void must(const Status& status, const char* what) {
    if (!status) {
        std::fprintf(stderr, "store_bench: %s: %s\n", what, status.error().to_string().c_str());
        std::exit(1);
    }
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

struct Percentiles {
    double median_us;
    double p99_us;
    double max_us;
};

Percentiles percentiles(std::vector<double>& samples_us) {
    std::sort(samples_us.begin(), samples_us.end());
    const auto at = [&](double q) {
        return samples_us[static_cast<std::size_t>(q * static_cast<double>(samples_us.size() - 1))];
    };
    return {at(0.5), at(0.99), samples_us.back()};
}

// NDJSON lines for `count` residents of kota 3171, two base64 templates each.
void write_ndjson(const std::string& path, std::int64_t count) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    SplitMix64 random(99);
    std::vector<std::uint8_t> data(kTemplateBytes);
    for (std::int64_t i = 0; i < count; ++i) {
        // Unique by construction: kecamatan and serial from the counter, a fixed birth date.
        const std::int64_t district = 1 + i / 9999 % 99;
        const std::int64_t serial = 1 + i % 9999;
        const bool women = i / (9999 * 99) % 2 == 1;  // day 15 -> 55
        const std::string nik = "3171" + std::string(district < 10 ? "0" : "") + std::to_string(district) +
                                (women ? "55" : "15") + "0590" + std::to_string(10000 + serial).substr(1);
        out << R"({"nik":")" << nik << R"(","name":"Warga Uji )" << i << R"(","status":"PRINT_READY_RECORD",)"
            << R"("status_time":1767225600,"queue_position":)" << (i + 1)
            << R"(,"office_blank_stock":500,"priority":"FIRST_CARD","templates":[)";
        for (int finger = 0; finger < 2; ++finger) {
            for (std::size_t b = 0; b < data.size(); ++b) data[b] = static_cast<std::uint8_t>(random.next());
            out << (finger == 0 ? "\"" : ",\"") << base64_encode(data.data(), data.size()) << '"';
        }
        out << "]}\n";
    }
}

double commit_latency_us(Database& db, const std::vector<core::Nik>& niks, const char* synchronous) {
    must(db.exec(std::string("PRAGMA synchronous = ") + synchronous, "bench"), "pragma");
    Records records(db);
    std::vector<double> samples;
    for (std::size_t i = 0; i < niks.size(); ++i) {
        const auto start = Clock::now();
        auto transaction = must(Transaction::begin(db, TransactionKind::immediate, "bench"), "begin");
        must(records.update_status(niks[i], core::CardStatus::picked_up, static_cast<std::int64_t>(i)), "update");
        must(transaction.commit(), "commit");
        samples.push_back(seconds_since(start) * 1e6);
    }
    return percentiles(samples).median_us;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t records = 1'000'000;
    std::int64_t import_records = 200'000;
    std::int64_t lookups = 100'000;
    std::string dir = std::filesystem::temp_directory_path() / "kiosk-store-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--records") == 0)
            records = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--import-records") == 0)
            import_records = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--lookups") == 0)
            lookups = std::atoll(argv[i + 1]);
        else if (std::strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else {
            std::fprintf(stderr, "usage: store_bench [--records N] [--import-records N] [--lookups N] [--dir PATH]\n");
            return 2;
        }
    }
    std::filesystem::create_directories(dir);
    const std::string seed_path = dir + "/seed.db";
    const std::string import_path = dir + "/import.db";
    const std::string ndjson_path = dir + "/import.ndjson";
    OpenOptions bulk;
    bulk.cache_size_kib = 256 * 1024;  // as kioskctl seed/import open it

    // 1. Seed.
    remove_database(seed_path);
    {
        auto db = must(open_store(seed_path, bulk), "open");
        SeedOptions options;
        options.records = records;
        const auto start = Clock::now();
        must(seed_synthetic_residents(db, options), "seed");
        const double s = seconds_since(start);
        std::printf("seed:    %lld records in %.1f s = %.0f records/s (2 templates each, synchronous=FULL)\n",
                    static_cast<long long>(records), s, static_cast<double>(records) / s);
    }
    std::printf("         database file %.0f MB\n", static_cast<double>(std::filesystem::file_size(seed_path)) / 1e6);

    // 2. Integrity check at open, as the kiosk opens the database at start.
    {
        const auto start = Clock::now();
        auto db = must(open_store(seed_path, {}), "open with quick_check");
        std::printf("open:    with quick_check at %lld records: %.2f s; without: ", static_cast<long long>(records),
                    seconds_since(start));
        OpenOptions unchecked;
        unchecked.integrity = IntegrityCheck::none;
        const auto plain = Clock::now();
        auto db2 = must(open_store(seed_path, unchecked), "open");
        std::printf("%.2f ms\n", seconds_since(plain) * 1e3);
    }

    // 3. Lookups on a connection opened as the kiosk opens it (8 MiB page cache).
    {
        auto db = must(open_store(seed_path, {}), "open");
        std::vector<core::Nik> existing;
        {
            auto statement = must(db.prepare("SELECT nik FROM records", "bench"), "select");
            while (must(statement.step(), "step"))
                existing.push_back(core::Nik::parse(statement.column_text(0)).value());
        }
        SplitMix64 random(5);
        std::vector<core::Nik> queries;
        std::vector<bool> expect_found;
        for (std::int64_t i = 0; i < lookups; ++i) {
            if (i % 2 == 0) {
                queries.push_back(existing[random.below(existing.size())]);
                expect_found.push_back(true);
            } else {
                // Serials 9000-9999 are never reached by the seed's counters: absent but well-formed.
                std::string digits(existing[random.below(existing.size())].digits().substr(0, 12));
                digits += std::to_string(9000 + random.below(1000));
                queries.push_back(core::Nik::parse(digits).value());
                expect_found.push_back(false);
            }
        }
        Records repository(db);
        for (std::size_t i = 0; i < std::min<std::size_t>(queries.size(), 2000); ++i)
            (void)must(repository.get(queries[i]), "warm");
        std::vector<double> found_us;
        std::vector<double> absent_us;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            const auto start = Clock::now();
            auto record = must(repository.get(queries[i]), "get");
            const double us = seconds_since(start) * 1e6;
            if (record.has_value() != expect_found[i]) {
                std::fprintf(stderr, "store_bench: lookup %zu gave the wrong answer\n", i);
                return 1;
            }
            (expect_found[i] ? found_us : absent_us).push_back(us);
        }
        const auto f = percentiles(found_us);
        const auto a = percentiles(absent_us);
        std::printf("lookup:  at %lld records, %zu existing NIKs: median %.1f us, p99 %.1f us, max %.0f us\n",
                    static_cast<long long>(records), found_us.size(), f.median_us, f.p99_us, f.max_us);
        std::printf("         %zu absent NIKs: median %.1f us, p99 %.1f us, max %.0f us (budget < 50 us)\n",
                    absent_us.size(), a.median_us, a.p99_us, a.max_us);

        // 4. synchronous FULL vs NORMAL for one status change per transaction.
        std::vector<core::Nik> updates(
            existing.begin(),
            existing.begin() + std::min<std::ptrdiff_t>(200, static_cast<std::ptrdiff_t>(existing.size())));
        const double full_us = commit_latency_us(db, updates, "FULL");
        const double normal_us = commit_latency_us(db, updates, "NORMAL");
        std::printf(
            "commit:  one status change per transaction: median %.0f us with synchronous=FULL, %.0f us with "
            "NORMAL\n",
            full_us, normal_us);
    }

    // 5. Import.
    write_ndjson(ndjson_path, import_records);
    remove_database(import_path);
    {
        auto db = must(open_store(import_path, bulk), "open");
        std::ifstream input(ndjson_path, std::ios::binary);
        std::int64_t bad = 0;
        const auto start = Clock::now();
        auto summary = must(import_ndjson(db, input, [&bad](const BadLine&) { ++bad; }), "import");
        const double s = seconds_since(start);
        std::printf(
            "import:  %lld NDJSON records (%.0f MB, 2 base64 templates each) in %.1f s = %.0f records/s, %lld bad\n",
            static_cast<long long>(summary.imported),
            static_cast<double>(std::filesystem::file_size(ndjson_path)) / 1e6, s,
            static_cast<double>(summary.imported) / s, static_cast<long long>(bad));
    }
    remove_database(seed_path);
    remove_database(import_path);
    std::filesystem::remove(ndjson_path);
    return 0;
}
