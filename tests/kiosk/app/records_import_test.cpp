// PUT /api/v1/records end to end over real mutual TLS on loopback, into a real store: the counts, the
// bad lines, one audit row per request, and a second identical PUT that changes nothing else.
#include "kiosk/app/records_import.hpp"

#include "kiosk/mgmt/server.hpp"
#include "kiosk/store/base64.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/kiosk/mgmt/test_server_material.hpp"
#include "tests/support/database_rows.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <cstdio>

using namespace kiosk;
using namespace kiosk::mgmt::test;
namespace http = boost::beast::http;
using kiosk::testing::TempDir;

namespace {

std::string nik_of(int serial) {
    char nik[17];
    std::snprintf(nik, sizeof nik, "31740155%08d", serial);
    return nik;
}

std::string resident_line(int serial) {
    std::string line = R"({"nik":")" + nik_of(serial) + R"(","name":"Warga )" + std::to_string(serial) +
                       R"(","status":"PRINT_READY_RECORD","status_time":1760000000,"queue_position":)" +
                       std::to_string(serial);
    if (serial % 10 == 0) {
        const std::vector<std::uint8_t> finger(store::kTemplateBytes, static_cast<std::uint8_t>(serial));
        line += R"(,"templates":[")" + store::base64_encode(finger.data(), finger.size()) + "\"]";
    }
    return line + "}\n";
}

struct CentralRig {
    explicit CentralRig(std::int64_t batch_lines = 100) {
        auto seeded = store::open_store(path, {});  // the schema, as the kiosk makes it
        REQUIRE(seeded.ok());
        auto start = app::records_import_over(path, [] { return std::int64_t{1760000100}; }, batch_lines);
        REQUIRE(start.ok());
        mgmt::RouteTable routes;
        mgmt::add_records_routes(routes, std::move(start).value());
        auto tls = mgmt::make_server_tls_context(material(), mgmt::ClientCertificates::required);
        REQUIRE(tls.ok());
        auto started = mgmt::Server::start(
            {mgmt::ListenerSpec{"127.0.0.1", 0, tls.value(), mgmt::client_certificate_authenticator()}},
            std::move(routes), {}, long_deadlines());
        REQUIRE(started.ok());
        server = std::move(started).value();
    }

    // PUT with chunked framing, in chunks of odd sizes so that lines are split across them.
    HttpsClient::Response put(const std::string& body) {
        ClientTls tls;
        tls.certificate = certificates().client;
        HttpsClient client(tls);
        REQUIRE_FALSE(client.connect(server->port()));
        std::string framed =
            "PUT /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0, size = 977; at < body.size(); at += size) {
            const std::size_t take = std::min(size, body.size() - at);
            char length[32];
            std::snprintf(length, sizeof length, "%zx\r\n", take);
            framed += length + body.substr(at, take) + "\r\n";
        }
        framed += "0\r\n\r\n";
        REQUIRE_FALSE(client.write_raw(framed));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        return response;
    }

    TempDir dir;
    std::string path = dir.file("kiosk.db");
    std::unique_ptr<mgmt::Server> server;
};

boost::json::object json_of(const HttpsClient::Response& response) {
    return boost::json::parse(response.body()).as_object();
}

}  // namespace

TEST_CASE("a second identical PUT /api/v1/records leaves every row as it was but for its own audit row") {
    CentralRig rig;
    std::string body;
    for (int i = 1; i <= 2000; ++i) body += resident_line(i);

    const auto first = rig.put(body);
    REQUIRE(first.result() == http::status::ok);
    CHECK(json_of(first).at("imported").as_int64() == 2000);
    CHECK(json_of(first).at("unchanged").as_int64() == 0);
    CHECK(json_of(first).at("bad_lines").as_int64() == 0);
    const testing::DatabaseRows before = testing::database_rows(rig.path);
    CHECK(before.at("records").size() == 2000);
    CHECK(before.at("templates").size() == 200);

    const auto second = rig.put(body);
    REQUIRE(second.result() == http::status::ok);
    CHECK(json_of(second).at("imported").as_int64() == 2000);
    CHECK(json_of(second).at("unchanged").as_int64() == 2000);

    testing::DatabaseRows after = testing::database_rows(rig.path);
    REQUIRE(after.at("audit").size() == before.at("audit").size() + 1);
    const std::string request_row = after.at("audit").back();
    CHECK(request_row.find("'central:central-demo'|'records.import'|"
                           "'imported=2000 unchanged=2000 bad_lines=0 ended=complete'") != std::string::npos);
    CHECK(before.at("audit").back().find("'imported=2000 unchanged=0 bad_lines=0 ended=complete'") !=
          std::string::npos);
    after.at("audit").pop_back();
    CHECK(after == before);
}

TEST_CASE("bad lines are reported by number, at most 100 of them, with reasons that hold no value from the line") {
    CentralRig rig;
    std::string body;
    for (int i = 1; i <= 300; ++i) {
        if (i % 2 == 0) {
            body += R"({"nik":")" + nik_of(i) + R"(","name":"Warga Rahasia","status":"LOST","status_time":1})" "\n";
        } else {
            body += resident_line(i);
        }
    }
    body += R"({"nik":")" + nik_of(999) + R"(","name":")" + std::string(70'000, 'x') + "\"}\n";
    const auto response = rig.put(body);
    REQUIRE(response.result() == http::status::ok);
    const auto answer = json_of(response);
    CHECK(answer.at("imported").as_int64() == 150);
    CHECK(answer.at("bad_lines").as_int64() == 151);
    const auto& listed = answer.at("first_bad_lines").as_array();
    REQUIRE(listed.size() == 100);
    CHECK(listed[0].as_object().at("line").as_int64() == 2);
    CHECK(listed[0].as_object().at("reason").as_string() == "field 'status': unknown status code");
    CHECK(listed[99].as_object().at("line").as_int64() == 200);
    CHECK(response.body().find("31740155") == std::string::npos);
    CHECK(response.body().find("Rahasia") == std::string::npos);
}

TEST_CASE("an import cut off keeps its whole lines and is audited as cut off; a database failure as failed") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    REQUIRE(store::open_store(path, {}).ok());
    auto start = app::records_import_over(path, [] { return std::int64_t{1760000100}; }, 1).value();
    {
        auto import = start(mgmt::Caller{mgmt::Role::central, "dukcapil-sync"}).value();
        REQUIRE(import->feed(resident_line(1) + resident_line(2) + resident_line(3).substr(0, 30)).ok());
        import->abort();
    }
    auto rows = testing::database_rows(path);
    CHECK(rows.at("records").size() == 2);
    CHECK(rows.at("audit").back().find("'central:dukcapil-sync'|'records.import'|"
                                       "'imported=2 unchanged=0 bad_lines=0 ended=cut_off'") != std::string::npos);

    testing::raw_exec(path, "CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'no'); END;");
    {
        auto import = start(mgmt::Caller{mgmt::Role::central, "dukcapil-sync"}).value();
        CHECK_FALSE(import->feed(resident_line(7)).ok());
    }
    rows = testing::database_rows(path);
    CHECK(rows.at("records").size() == 2);
    CHECK(rows.at("audit").back().find("'imported=0 unchanged=0 bad_lines=0 ended=failed'") != std::string::npos);
}
