// StaffPresenter: the one place where the staff machine's view (kiosk/core/staff/staff_view.hpp)
// becomes staff screens, and the staff screens' intents become the staff machine's events; the
// staff mode's SessionPresenter. The application owns both machines and presenters over one host:
//
//   if (staff.present(staff_machine.view(), now_ms)) ... else session.present(session_machine.view(), now_ms);
//   for (const Intent& intent : pumped->intents) {
//       if (staff_machine.view().screen is not NotInStaffMode) { if (auto e = staff.to_event(intent)) ... }
//       else if (auto e = session.to_event(intent)) ...
//   }
//
// The presenter owns one screen per kind of staff view. present() switches screens when the kind of
// view changes (the host then saves a screenshot named after the new screen: staff-card-checking,
// staff-pin, staff-menu, staff-restock-waiting, staff-take-back-list, staff-bin-confirm,
// staff-checks-list, staff-service-ready, ...) and otherwise updates the current screen in place.
// Language, the idle warning ("Tambah waktu / More time"), who is signed in, Exit, Back and the
// ending notice follow the view on every screen. A view not in staff mode shows nothing: the
// resident's screens are the SessionPresenter's. The demo strip, where enabled, is the
// SessionPresenter's overlay and stays beside the staff screens too. Main thread only.
#pragma once

#include "kiosk/core/staff/staff_events.hpp"
#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/screens/staff_bin_screen.hpp"
#include "kiosk/ui/screens/staff_card_screen.hpp"
#include "kiosk/ui/screens/staff_checks_screen.hpp"
#include "kiosk/ui/screens/staff_menu_screen.hpp"
#include "kiosk/ui/screens/staff_pin_screen.hpp"
#include "kiosk/ui/screens/staff_restock_screen.hpp"
#include "kiosk/ui/screens/staff_service_screen.hpp"
#include "kiosk/ui/screens/staff_take_back_screen.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::ui {

class StaffPresenter {
public:
    // The screens take their theme and text renderer from `host`, as the SessionPresenter's do.
    explicit StaffPresenter(ScreenHost& host) : host_(host) {}
    ~StaffPresenter();
    StaffPresenter(const StaffPresenter&) = delete;
    StaffPresenter& operator=(const StaffPresenter&) = delete;

    // Shows what the view says and returns true; a view not in staff mode shows nothing and returns
    // false (the application presents the session's view then).
    bool present(const core::staff::StaffView& view, std::uint64_t now_ms);
    // The staff event a UI intent means; nullopt when the intent means nothing to the staff machine
    // (starting a session, a resident's pickup, a demo control).
    [[nodiscard]] std::optional<core::staff::Event> to_event(const Intent& intent) const;

    // The view last presented.
    [[nodiscard]] const core::staff::StaffView& shown_view() const { return shown_view_; }
    // The staff screen last shown (the card screen before any).
    [[nodiscard]] StaffScreen& current() const;

    [[nodiscard]] StaffCardScreen& card() { return card_; }
    [[nodiscard]] StaffPinScreen& pin() { return pin_; }
    [[nodiscard]] StaffMenuScreen& menu() { return menu_; }
    [[nodiscard]] StaffRestockScreen& restock() { return restock_; }
    [[nodiscard]] StaffTakeBackScreen& take_back() { return take_back_; }
    [[nodiscard]] StaffBinScreen& bin() { return bin_; }
    [[nodiscard]] StaffChecksScreen& checks() { return checks_; }
    [[nodiscard]] StaffServiceScreen& service() { return service_; }

private:
    StaffScreen* screen_for(const core::staff::StaffView& view, std::uint64_t now_ms);

    ScreenHost& host_;
    StaffCardScreen card_;
    StaffPinScreen pin_;
    StaffMenuScreen menu_;
    StaffRestockScreen restock_;
    StaffTakeBackScreen take_back_;
    StaffBinScreen bin_;
    StaffChecksScreen checks_;
    StaffServiceScreen service_;
    core::staff::StaffView shown_view_;
    StaffScreen* shown_ = nullptr;
    std::optional<std::size_t> shown_kind_;
};

// A stable name for what a staff target does ("exit", "back", "task-restock", "resolve-12-in_bin",
// "out-of-service-cleaning", "confirm", "digit-5", ...), for the application's trace of target
// rectangles (tests press them with xdotool). nullopt for the language toggle and the pager.
[[nodiscard]] std::optional<std::string> staff_target_name(const UiAction& action);

}  // namespace kiosk::ui
