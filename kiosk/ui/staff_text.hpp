// The staff screens' words: every code of the staff machine's views (kiosk/core/staff/staff_view.hpp)
// as plain words in Bahasa Indonesia and English, and the few formats the screens share (times,
// masked NIKs). The machine never formats a sentence; the screens take their texts from here, so
// one code reads the same on every screen.
//
// Pure but for the times, which are shown in the kiosk's local time zone (localtime_r).
#pragma once

#include "kiosk/core/session/session_types.hpp"
#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/bilingual.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::ui {

[[nodiscard]] Bilingual role_text(core::staff::StaffRole role);
// What went wrong, as one sentence with what to do.
[[nodiscard]] Bilingual problem_text(core::staff::StaffProblem problem);
// The refused card screen: the title, and what to do.
[[nodiscard]] Bilingual refusal_title(core::staff::StaffRefusal refusal);
[[nodiscard]] Bilingual refusal_advice(core::staff::StaffRefusal refusal);
// Why a card was not loaded, as one sentence.
[[nodiscard]] Bilingual load_refusal_text(core::staff::LoadRefusal refusal);
// The same in two or three words, for a list's cell (the capture bin's "why").
[[nodiscard]] Bilingual load_refusal_short(core::staff::LoadRefusal refusal);
// Why a card of a take-back was not handed over, as one sentence.
[[nodiscard]] Bilingual take_back_issue_text(core::staff::TakeBackIssue issue);
// A resolution: its button, the confirmation's question and what the store then records.
[[nodiscard]] Bilingual resolution_label(core::staff::CheckResolution resolution);
[[nodiscard]] Bilingual resolution_question(core::staff::CheckResolution resolution);
[[nodiscard]] Bilingual resolution_effect(core::staff::CheckResolution resolution);
[[nodiscard]] Bilingual journal_text(core::staff::CheckJournal journal);
[[nodiscard]] Bilingual service_reason_text(core::staff::ServiceReason reason);
[[nodiscard]] Bilingual tested_device_text(core::staff::TestedDevice device);
[[nodiscard]] Bilingual device_fault_text(core::session::DeviceFault fault);
// A capture's reason code (session::capture_reason_code or a load refusal's code) in words; a
// code neither knows is shown as it is, its underscores as spaces.
[[nodiscard]] std::string capture_reason_text(std::string_view code, core::Language language);

// "2026-12-02 14:05" in the kiosk's local time; "?" when the time cannot be shown.
[[nodiscard]] std::string local_time_text(std::int64_t unix_s);
// "2026-12-02", likewise (a pickup deadline is a day).
[[nodiscard]] std::string local_date_text(std::int64_t unix_s);
// A masked NIK ("1403 •••• •••• 0001") with no-break spaces, so that it never wraps between groups.
[[nodiscard]] std::string unbreakable(std::string_view text);
// "12 kartu" / "12 cards": a count with its noun; English's plural is `noun_en_plural`, or
// `noun_en` with an "s" where that is not given.
[[nodiscard]] std::string count_text(int count, core::Language language, const char* noun_id, const char* noun_en,
                                     const char* noun_en_plural = nullptr);

}  // namespace kiosk::ui
