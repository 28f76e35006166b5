// Live configuration changes: merge patches read into changes, applied over a file's configuration
// by the file's own rules, and described for the audit log.
#include "kiosk/app/config/config_overrides.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <string>

using namespace kiosk::app;
namespace json = boost::json;

namespace {

json::object patch_of(std::string_view text) {
    return json::parse(text).as_object();
}

ConfigRefusal refusal_of(std::string_view patch_text, const Config& base = Config{}) {
    auto changes = changes_from_merge_patch(patch_of(patch_text));
    if (!changes) return changes.error();
    auto applied = apply_overrides(base, with_changes({}, *changes));
    REQUIRE_FALSE(applied.ok());
    return applied.error();
}

Config applied(std::string_view patch_text, const Config& base = Config{}) {
    auto changes = changes_from_merge_patch(patch_of(patch_text));
    REQUIRE(changes.ok());
    auto config = apply_overrides(base, with_changes({}, *changes));
    if (!config) FAIL(config.error().message);
    return *config;
}

// The message the file's own check gives for `section.key = value`, without the file's name.
std::string file_message(const std::string& toml) {
    auto parsed = parse_config(toml, "kiosk.toml", "");
    REQUIRE_FALSE(parsed.ok());
    return parsed.error().what;
}

}  // namespace

TEST_CASE("the live keys are the documented subset") {
    std::vector<std::string> keys(live_config_keys().begin(), live_config_keys().end());
    CHECK(keys == std::vector<std::string>{"kiosk.language", "kiosk.notice", "session.idle_timeout_s",
                                           "session.idle_warning_s", "session.pickup_take_timeout_s",
                                           "session.pickup_deadline_days"});
}

TEST_CASE("a merge patch sets live keys over the file's values") {
    const Config c = applied(R"({"session": {"idle_timeout_s": 90, "idle_warning_s": 20, "pickup_take_timeout_s": 45,
                                             "pickup_deadline_days": 14},
                                "kiosk": {"language": "en", "notice": "Loket tutup pukul 15.00"}})");
    CHECK(c.session.idle_timeout_s == 90);
    CHECK(c.session.idle_warning_s == 20);
    CHECK(c.session.pickup_take_timeout_s == 45);
    CHECK(c.session.pickup_deadline_days == 14);
    CHECK(c.kiosk.language == kiosk::core::Language::en);
    CHECK(c.kiosk.notice == "Loket tutup pukul 15.00");
    Config expected;  // nothing else moved
    expected.session = c.session;
    expected.kiosk.language = c.kiosk.language;
    expected.kiosk.notice = c.kiosk.notice;
    CHECK(c == expected);
}

TEST_CASE("a bad value is refused with the very message the file's check gives, naming the key") {
    const ConfigRefusal low = refusal_of(R"({"session": {"idle_timeout_s": 5}})");
    CHECK(low.kind == ConfigRefusal::Kind::invalid_value);
    CHECK(low.key == "session.idle_timeout_s");
    CHECK(low.message == file_message("[session]\nidle_timeout_s = 5\n"));
    CHECK(low.message == "session.idle_timeout_s: must be between 10 and 600, got 5");

    CHECK(refusal_of(R"({"session": {"idle_timeout_s": "90"}})").message ==
          file_message("[session]\nidle_timeout_s = \"90\"\n"));
    CHECK(refusal_of(R"({"session": {"idle_timeout_s": 90.0}})").message ==
          file_message("[session]\nidle_timeout_s = 90.0\n"));
    CHECK(refusal_of(R"({"session": {"idle_timeout_s": true}})").message ==
          file_message("[session]\nidle_timeout_s = true\n"));
    CHECK(refusal_of(R"({"session": {"idle_timeout_s": [90]}})").message ==
          file_message("[session]\nidle_timeout_s = [90]\n"));
    CHECK(refusal_of(R"({"kiosk": {"language": "fr"}})").message == file_message("[kiosk]\nlanguage = \"fr\"\n"));
    CHECK(refusal_of(R"({"session": {"pickup_deadline_days": 0}})").message ==
          "session.pickup_deadline_days: must be between 1 and 365, got 0");
    CHECK(refusal_of(R"({"session": {"idle_timeout_s": 18446744073709551615}})").key == "session.idle_timeout_s");
}

TEST_CASE("the rules between keys hold over the file's values too") {
    // The file's warning (30 s) and a new timeout of 12 s: the warning must come before the end.
    const ConfigRefusal refused = refusal_of(R"({"session": {"idle_timeout_s": 12}})");
    CHECK(refused.kind == ConfigRefusal::Kind::invalid_value);
    CHECK(refused.key == "session.idle_warning_s");
    CHECK(refused.message == file_message("[session]\nidle_timeout_s = 12\n"));
    // Both together are fine.
    CHECK(applied(R"({"session": {"idle_timeout_s": 12, "idle_warning_s": 5}})").session.idle_warning_s == 5);
}

TEST_CASE("notices: one line, at most 60 characters, never a NIK") {
    CHECK(applied(R"({"kiosk": {"notice": "Layanan KTP-el hari ini sampai pukul 15.00 · ☎ 1500-537"}})")
              .kiosk.notice.size() > 0);
    const std::string long_notice = std::string(61, 'a');
    CHECK(refusal_of(R"({"kiosk": {"notice": ")" + long_notice + "\"}}").message ==
          "kiosk.notice: must be at most 60 characters, got 61");
    CHECK(applied(R"({"kiosk": {"notice": ")" + std::string(30, 'a') + std::string(30, 'e') + "\"}}")
              .kiosk.notice.size() == 60);
    // Characters, not bytes: 60 two-byte letters fit.
    std::string accented;
    for (int i = 0; i < 60; ++i) accented += "é";
    CHECK(applied(R"({"kiosk": {"notice": ")" + accented + "\"}}").kiosk.notice == accented);
    CHECK(refusal_of(R"({"kiosk": {"notice": "two\nlines"}})").message ==
          "kiosk.notice: must be one line of text, without control characters");
    CHECK(refusal_of(R"({"kiosk": {"notice": "ask 3171014101900001 to come"}})").message ==
          "kiosk.notice: must not hold a NIK (16 digits in a row)");
    CHECK(refusal_of(R"({"kiosk": {"notice": "ask 3171014101900001 to come"}})").message ==
          file_message("[kiosk]\nnotice = \"ask 3171014101900001 to come\"\n"));
}

TEST_CASE("an unknown section or key, and a key only a restart changes, are refused by name") {
    ConfigRefusal r = refusal_of(R"({"sesion": {"idle_timeout_s": 90}})");
    CHECK(r.kind == ConfigRefusal::Kind::unknown_key);
    CHECK(r.key == "sesion");
    CHECK(r.message == "sesion: unknown section");
    r = refusal_of(R"({"session": {"idle_timeout": 90}})");
    CHECK(r.kind == ConfigRefusal::Kind::unknown_key);
    CHECK(r.key == "session.idle_timeout");
    r = refusal_of(R"({"session": {"nik_lock_failures": 9}})");
    CHECK(r.kind == ConfigRefusal::Kind::not_live);
    CHECK(r.key == "session.nik_lock_failures");
    CHECK(r.message.find("cannot be changed while the kiosk runs") != std::string::npos);
    r = refusal_of(R"({"mgmt": {"port": 9443}})");
    CHECK(r.kind == ConfigRefusal::Kind::not_live);
    CHECK(r.key == "mgmt.port");
    r = refusal_of(R"({"mgmt": null})");
    CHECK(r.kind == ConfigRefusal::Kind::not_live);
    CHECK(r.key == "mgmt");
    r = refusal_of(R"({"session": 90})");
    CHECK(r.kind == ConfigRefusal::Kind::invalid_value);
    CHECK(r.key == "session");
    CHECK(r.message == "session: must be an object of keys (or null), got an integer");
    // A key problem anywhere in the patch comes before a value problem: nothing is looked at twice.
    r = refusal_of(R"({"session": {"idle_timeout_s": 5, "nik_lock_failures": 9}})");
    CHECK(r.kind == ConfigRefusal::Kind::not_live);
}

TEST_CASE("null returns a key to the file's value; a null section returns all its live keys") {
    Config base;
    base.session.idle_timeout_s = 100;  // as if the file said so
    auto set = changes_from_merge_patch(patch_of(R"({"session": {"idle_timeout_s": 90, "pickup_deadline_days": 7},
                                                     "kiosk": {"notice": "x"}})"))
                   .value();
    std::vector<ConfigOverride> overrides = with_changes({}, set);
    REQUIRE(overrides.size() == 3);
    CHECK(overrides[0].key == "kiosk.notice");  // by key
    auto unset = changes_from_merge_patch(patch_of(R"({"session": {"idle_timeout_s": null}})")).value();
    REQUIRE(unset.size() == 1);
    CHECK(unset[0].value.is_null());
    overrides = with_changes(overrides, unset);
    CHECK(overrides.size() == 2);
    Config c = apply_overrides(base, overrides).value();
    CHECK(c.session.idle_timeout_s == 100);
    CHECK(c.session.pickup_deadline_days == 7);

    auto whole_section = changes_from_merge_patch(patch_of(R"({"session": null})")).value();
    CHECK(whole_section.size() == 4);
    overrides = with_changes(overrides, whole_section);
    REQUIRE(overrides.size() == 1);
    CHECK(overrides[0].key == "kiosk.notice");
    CHECK(changes_from_merge_patch(patch_of("{}")).value().empty());
}

TEST_CASE("overrides read back from storage are checked again: a key no longer live or known is refused") {
    const std::vector<ConfigOverride> stale{{"session.nik_lock_failures", 9}};
    CHECK(apply_overrides(Config{}, stale).error().kind == ConfigRefusal::Kind::not_live);
    const std::vector<ConfigOverride> gone{{"session.retired_key", 9}};
    CHECK(apply_overrides(Config{}, gone).error().kind == ConfigRefusal::Kind::unknown_key);
    const std::vector<ConfigOverride> null_value{{"session.idle_timeout_s", nullptr}};
    CHECK(apply_overrides(Config{}, null_value).error().kind == ConfigRefusal::Kind::invalid_value);
}

TEST_CASE("the audit text names each key with its value, null for a return to the file") {
    auto changes =
        changes_from_merge_patch(
            patch_of(
                R"({"session": {"idle_timeout_s": 90, "idle_warning_s": null}, "kiosk": {"notice": "Tutup \"15.00\""}})"))
            .value();
    CHECK(describe_changes(changes) ==
          R"(session.idle_timeout_s=90 session.idle_warning_s=null kiosk.notice="Tutup \"15.00\"")");
    // A secret key's value never appears (no live key is secret; the rule holds for any).
    const std::vector<ConfigChange> secret{{"fingerprint.password", 1234}};
    CHECK(describe_changes(secret) == "fingerprint.password=[redacted]");
}
