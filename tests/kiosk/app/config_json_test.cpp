// The configuration as JSON: every key, in the file's forms, secrets redacted.
#include "kiosk/app/config/config_json.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include <string>

using namespace kiosk::app;

TEST_CASE("every key of the file is in the JSON, section by section, in the file's forms") {
    Config config;
    config.kiosk.language = kiosk::core::Language::en;
    config.kiosk.notice = "Tutup pukul 15.00";
    config.display.renderer = Renderer::accelerated;
    config.fingerprint.device = DeviceSpec::parse("usb:1A86:7523").value();
    config.log.level = kiosk::log::Level::debug;
    const boost::json::object json = config_to_json(config);
    std::size_t keys = 0;
    for (const auto& [section, members] : json) keys += members.as_object().size();
    CHECK(keys == config_keys().size());
    for (const std::string_view dotted : config_keys()) {
        const auto dot = dotted.find('.');
        CAPTURE(dotted);
        CHECK(json.at(dotted.substr(0, dot)).as_object().contains(dotted.substr(dot + 1)));
    }
    CHECK(json.at("kiosk").as_object().at("language").as_string() == "en");
    CHECK(json.at("kiosk").as_object().at("notice").as_string() == "Tutup pukul 15.00");
    CHECK(json.at("display").as_object().at("renderer").as_string() == "accelerated");
    CHECK(json.at("display").as_object().at("fullscreen").as_bool());
    CHECK(json.at("session").as_object().at("idle_timeout_s").as_int64() == 60);
    CHECK(json.at("session").as_object().at("pickup_deadline_days").as_int64() == 30);
    CHECK(json.at("fingerprint").as_object().at("device").as_string() == "usb:1a86:7523");
    CHECK(json.at("fingerprint").as_object().at("address").as_int64() == 0xFFFFFFFF);
    CHECK(json.at("dispenser").as_object().at("device").as_string() == "sim");
    CHECK(json.at("mgmt").as_object().at("tls_cert").as_string() == "/etc/ktp-kiosk/tls/mgmt.crt");
    CHECK(json.at("log").as_object().at("level").as_string() == "debug");
}

TEST_CASE("secrets are redacted: the sensor's password and where the server's key lies") {
    Config config;
    config.fingerprint.password = 0xCAFEBABE;
    config.mgmt.tls_key = "/etc/ktp-kiosk/tls/secret-place.key";
    const boost::json::object json = config_to_json(config);
    CHECK(json.at("fingerprint").as_object().at("password").as_string() == kRedacted);
    CHECK(json.at("mgmt").as_object().at("tls_key").as_string() == kRedacted);
    const std::string text = boost::json::serialize(json);
    CHECK(text.find("secret-place") == std::string::npos);
    CHECK(text.find(std::to_string(0xCAFEBABEU)) == std::string::npos);
    std::vector<std::string> secret(secret_config_keys().begin(), secret_config_keys().end());
    CHECK(secret == std::vector<std::string>{"fingerprint.password", "mgmt.tls_key"});
}
