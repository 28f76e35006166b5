#include "kiosk/ui/staff_presenter.hpp"

#include <initializer_list>
#include <type_traits>
#include <variant>

namespace kiosk::ui {

namespace cst = core::staff;

namespace {

// The menu tiles' names in the targets' trace.
const char* task_code(cst::StaffTask task) {
    switch (task) {
        case cst::StaffTask::restock: return "restock";
        case cst::StaffTask::take_back: return "take-back";
        case cst::StaffTask::capture_bin: return "capture-bin";
        case cst::StaffTask::operator_checks: return "operator-checks";
        case cst::StaffTask::service: return "service";
    }
    return "task";
}

}  // namespace

StaffPresenter::~StaffPresenter() {
    // The host must not keep drawing (or laying out) a screen that is gone.
    for (const Screen* screen : std::initializer_list<const Screen*>{&card_, &pin_, &menu_, &restock_, &take_back_,
                                                                     &bin_, &checks_, &service_}) {
        host_.forget(*screen);
    }
}

StaffScreen& StaffPresenter::current() const {
    return shown_ != nullptr ? *shown_ : const_cast<StaffCardScreen&>(card_);
}

StaffScreen* StaffPresenter::screen_for(const cst::StaffView& view, std::uint64_t now_ms) {
    return std::visit(
        [&](const auto& v) -> StaffScreen* {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, cst::NotInStaffMode>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, cst::CheckingStaffCardScreen>) {
                card_.update_checking(now_ms);
                return &card_;
            } else if constexpr (std::is_same_v<T, cst::StaffRefusedScreen>) {
                card_.update_refused(v);
                return &card_;
            } else if constexpr (std::is_same_v<T, cst::PinEntryScreen>) {
                pin_.update(v, now_ms);
                return &pin_;
            } else if constexpr (std::is_same_v<T, cst::MenuScreen>) {
                // Without a signed-in staff member (never on the menu) only the tasks every role has.
                menu_.update(v, view.signed_in ? view.signed_in->role : cst::StaffRole::operator_);
                return &menu_;
            } else if constexpr (std::is_same_v<T, cst::RestockScreen>) {
                restock_.update(v, now_ms);
                return &restock_;
            } else if constexpr (std::is_same_v<T, cst::TakeBackScreen>) {
                take_back_.update(v, now_ms);
                return &take_back_;
            } else if constexpr (std::is_same_v<T, cst::CaptureBinScreen>) {
                bin_.update(v, now_ms);
                return &bin_;
            } else if constexpr (std::is_same_v<T, cst::OperatorChecksScreen>) {
                checks_.update(v, now_ms);
                return &checks_;
            } else {
                static_assert(std::is_same_v<T, cst::ServiceScreen>);
                service_.update(v, now_ms);
                return &service_;
            }
        },
        view.screen);
}

bool StaffPresenter::present(const cst::StaffView& view, std::uint64_t now_ms) {
    shown_view_ = view;
    StaffScreen* screen = screen_for(view, now_ms);
    if (screen == nullptr) {
        // Out of staff mode: the next staff view is shown afresh, whatever it is.
        shown_kind_.reset();
        return false;
    }
    screen->set_frame(view);
    screen->set_language(view.language);
    screen->follow_idle_warning(view.idle_warning ? std::optional<int>(view.idle_warning->seconds_left) : std::nullopt,
                                now_ms);
    const std::size_t kind = view.screen.index();
    if (shown_kind_ != kind || host_.current() != screen) {
        shown_kind_ = kind;
        shown_ = screen;
        host_.show(*screen);
    }
    return true;
}

std::optional<cst::Event> StaffPresenter::to_event(const Intent& intent) const {
    switch (intent.kind) {
        case IntentKind::keypad_digit: return cst::PinDigit{intent.digit};
        case IntentKind::keypad_backspace: return cst::PinBackspace{};
        case IntentKind::keypad_clear: return cst::PinClear{};
        case IntentKind::submit: return cst::PinSubmit{};
        case IntentKind::cancel: return cst::ExitPressed{};
        case IntentKind::back: return cst::BackPressed{};
        case IntentKind::set_language: return cst::LanguageSelected{intent.language};
        case IntentKind::more_time: return cst::MoreTime{};
        case IntentKind::prompt_repeated: return cst::MoreTime{};  // the member of staff is there
        case IntentKind::staff_task: return cst::TaskChosen{intent.staff.task};
        case IntentKind::resolve:
            return cst::ResolutionChosen{intent.staff.entry_id, intent.staff.resolution, intent.staff.journal};
        case IntentKind::confirm: return cst::ConfirmPressed{};
        case IntentKind::loading_done: return cst::LoadingDonePressed{};
        case IntentKind::take_back: return cst::TakeBackPressed{};
        case IntentKind::bin_emptied: return cst::BinEmptiedPressed{};
        case IntentKind::out_of_service: return cst::ServiceChosen{false, intent.staff.reason};
        case IntentKind::in_service: return cst::ServiceChosen{true, cst::ServiceReason::maintenance};
        case IntentKind::self_test: return cst::SelfTestChosen{};
        case IntentKind::inventory_audit: return cst::InventoryAuditChosen{};
        case IntentKind::start_session:
        case IntentKind::pickup:
        case IntentKind::demo: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> staff_target_name(const UiAction& action) {
    switch (action.kind) {
        case UiActionKind::digit: return std::string("digit-") + action.digit;
        case UiActionKind::backspace: return "backspace";
        case UiActionKind::clear: return "clear";
        case UiActionKind::submit: return "submit";
        case UiActionKind::cancel: return "exit";
        case UiActionKind::back: return "back";
        case UiActionKind::more_time: return "more-time";
        case UiActionKind::staff_task: return std::string("task-") + task_code(action.staff.task);
        case UiActionKind::resolve:
            // A pickup's and a load's journal number their entries each from 1: the journal is
            // part of the name, so that two open checks never share one.
            return std::string(action.staff.journal == cst::CheckJournal::load ? "resolve-load-" : "resolve-") +
                   std::to_string(action.staff.entry_id) + "-" + std::string(cst::wire_code(action.staff.resolution));
        case UiActionKind::confirm: return "confirm";
        case UiActionKind::loading_done: return "loading-done";
        case UiActionKind::take_back: return "take-back";
        case UiActionKind::bin_emptied: return "bin-emptied";
        case UiActionKind::out_of_service:
            return "out-of-service-" + std::string(cst::service_reason_code(action.staff.reason));
        case UiActionKind::in_service: return "in-service";
        case UiActionKind::self_test: return "self-test";
        case UiActionKind::inventory_audit: return "inventory-audit";
        case UiActionKind::page_previous:
        case UiActionKind::page_next:
        case UiActionKind::set_language:
        case UiActionKind::start:
        case UiActionKind::pickup:
        case UiActionKind::demo:
        case UiActionKind::toggle_demo:
        case UiActionKind::focus_next:
        case UiActionKind::focus_previous:
        case UiActionKind::focus_left:
        case UiActionKind::focus_right:
        case UiActionKind::focus_up:
        case UiActionKind::focus_down:
        case UiActionKind::repeat_prompt: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace kiosk::ui
