// The kiosk's configuration: one TOML file (by default /etc/ktp-kiosk/kiosk.toml).
//
// Every key has a default, so an empty file is a valid configuration; assets/config/kiosk.toml lists
// every key with its default and is the documentation of the keys (`kioskctl config defaults` prints
// it). Loading is strict, because a typo in a file on an appliance is otherwise found only when a
// resident is stuck: an unknown section or key, a value of the wrong type, a value out of range or a
// malformed device string is an error naming the file and the key
//   "kiosk.toml: session.idle_timeout_s: must be between 10 and 600, got 5"
// and a TOML syntax error names the file, line and column ("kiosk.toml:3:7: ...").
//
// A relative path in the file (database, data dir, keys, certificates) is taken relative to the
// directory of the file, so a configuration can travel with its data; device paths must be absolute.
#pragma once

#include "kiosk/app/config/device_spec.hpp"
#include "kiosk/core/language.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/log/log.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::app {

enum class Renderer { software, accelerated };

// The longest [kiosk] notice, in characters (UTF-8 code points): what the attract screen's band
// holds on every supported panel (one line of smaller type on a 10.1-inch landscape panel).
inline constexpr std::size_t kNoticeMaxChars = 60;

[[nodiscard]] std::string_view to_string(Renderer renderer);

struct KioskSection {
    std::string id = "kiosk-01";                   // names this kiosk to the central system: letters, digits, '-', '_'
    core::Language language = core::Language::id;  // the language the attract screen starts in
    std::string database_path = "/var/lib/ktp-kiosk/kiosk.db";
    std::string data_dir = "/var/lib/ktp-kiosk";
    // The operators' line for residents on the attract screen ("Loket tutup pukul 15.00"); empty:
    // none. At most kNoticeMaxChars characters, one line, no NIK (check in config_key_table.cpp).
    std::string notice;
    friend bool operator==(const KioskSection&, const KioskSection&) = default;
};

struct DisplaySection {
    int width_px = 1080;
    int height_px = 1920;
    // The visible diagonal, so the UI can size keypad keys in millimetres (>= 20 mm for a fingertip).
    int diagonal_mm = 546;  // 21.5 inch
    bool fullscreen = true;
    Renderer renderer = Renderer::software;

    // Pixels per millimetre from the resolution and the diagonal (square pixels assumed).
    [[nodiscard]] double px_per_mm() const;
    friend bool operator==(const DisplaySection&, const DisplaySection&) = default;
};

struct SessionSection {
    int idle_timeout_s = 60;  // no touch for this long ends the session
    int idle_warning_s = 30;  // the "more time?" warning shows this long before the end (>= 20 s: EN 301 549)
    int fingerprint_tries_per_session = 3;
    int nik_lock_failures = 5;       // failed fingerprint matches for one NIK within the window ...
    int nik_lock_window_s = 3600;    // ... lock that NIK ...
    int nik_lock_duration_s = 3600;  // ... for this long (the resident is sent to the counter)
    int pickup_take_timeout_s = 30;  // a card presented at the mouth and not taken is captured after this
    int pickup_deadline_days = 30;   // a card waits in the magazine this long before it counts as uncollected
    friend bool operator==(const SessionSection&, const SessionSection&) = default;
};

struct FingerprintSection {
    DeviceSpec device;
    int baud = 57600;                    // 9600 x N, N = 1..12
    std::uint32_t address = 0xFFFFFFFF;  // the module's address
    std::uint32_t password = 0;          // the module's handshake password (VfyPwd)
    int score_min = 50;                  // a Match score at or above this is a match
    int capture_timeout_ms = 10000;      // waiting for a finger on the sensor
    int retries = 3;                     // resends of a command whose reply was lost or corrupt
    friend bool operator==(const FingerprintSection&, const FingerprintSection&) = default;
};

struct DispenserSection {
    DeviceSpec device;
    int baud = 9600;              // 9600, 19200, 38400, 57600 or 115200
    int address = 0;              // 0-15, the DIP switches
    int reply_timeout_ms = 1000;  // per command; card moves report completion within it
    friend bool operator==(const DispenserSection&, const DispenserSection&) = default;
};

struct CardReaderSection {
    // A PC/SC reader takes a role when its name contains the pattern.
    std::string front_reader = "Virtual PCD 00 00";
    std::string dispenser_reader = "Virtual PCD 00 01";
    std::string issuer_public_key = "/etc/ktp-kiosk/issuer-public.pem";  // verifies the cards' security object
    // Reading and checking one card, at either reader; for the card at the read position it includes
    // waiting for pcscd to notice the card.
    int read_timeout_ms = 3000;
    friend bool operator==(const CardReaderSection&, const CardReaderSection&) = default;
};

struct MgmtSection {
    std::string listen = "127.0.0.1";  // an IPv4 or IPv6 address literal
    int port = 8443;          // operators and monitors: bearer tokens
    int central_port = 8444;  // the central system: mutual TLS with a certificate from client_ca
    std::string tls_cert = "/etc/ktp-kiosk/tls/mgmt.crt";
    std::string tls_key = "/etc/ktp-kiosk/tls/mgmt.key";
    std::string client_ca = "/etc/ktp-kiosk/tls/clients-ca.crt";  // the central system's client certificates come from it
    friend bool operator==(const MgmtSection&, const MgmtSection&) = default;
};

struct LogSection {
    log::Level level = log::Level::info;
    friend bool operator==(const LogSection&, const LogSection&) = default;
};

// Audio guidance (kiosk/core/speech). Until the hardware detects a headset, this key says whether one
// is fitted: without one, a name or an unmasked NIK is never spoken (a neutral phrase is said instead).
struct AudioSection {
    bool headset_fitted = false;
    friend bool operator==(const AudioSection&, const AudioSection&) = default;
};

struct Config {
    KioskSection kiosk;
    DisplaySection display;
    SessionSection session;
    FingerprintSection fingerprint;
    DispenserSection dispenser;
    CardReaderSection cardreader;
    MgmtSection mgmt;
    LogSection log;
    AudioSection audio;
    friend bool operator==(const Config&, const Config&) = default;
};

// Reads and validates the file. Errors: Error{where = path (or "path:line:column" for syntax),
// what = "section.key: ..."}; to_string() gives the one-line message for the operator.
[[nodiscard]] Result<Config> load_config(const std::string& path);

// Validates TOML text. `source_name` is used in errors; relative paths are resolved against
// `base_dir` (left relative when it is empty).
[[nodiscard]] Result<Config> parse_config(std::string_view toml_text, const std::string& source_name,
                                          const std::string& base_dir);

// Every key the file may hold, as "section.key", in documentation order.
[[nodiscard]] std::span<const std::string_view> config_keys();

// The text of assets/config/kiosk.toml, built into the program.
[[nodiscard]] std::string_view documented_default_config();

}  // namespace kiosk::app
