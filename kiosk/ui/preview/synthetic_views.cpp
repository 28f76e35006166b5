#include "kiosk/ui/preview/synthetic_views.hpp"

#include "kiosk/core/card_status.hpp"

namespace kiosk::ui {

namespace cs = core::session;

std::vector<cs::SessionView> synthetic_views() {
    std::vector<cs::SessionView> out;
    auto add = [&](cs::Screen screen, bool idle = false) {
        cs::SessionView v;
        v.screen = std::move(screen);
        v.cancel_available = true;
        if (idle) v.idle_warning = cs::IdleWarning{15};
        out.push_back(std::move(v));
    };
    add(cs::AttractScreen{true});
    add(cs::AttractScreen{false});
    add(cs::IdentifyScreen{});
    add(cs::IdentifyScreen{"1403 1215 05", 10, std::nullopt, false, false, true, std::nullopt, std::nullopt});
    add(cs::IdentifyScreen{"1403 1215", 8, std::nullopt, true, false, true, std::nullopt, std::nullopt});
    add(cs::IdentifyScreen{"9903 1215 0590 0001", 16, core::NikProblem::unknown_province, false, true, true, std::nullopt,
                           std::nullopt});
    add(cs::IdentifyScreen{"", 0, std::nullopt, false, false, true, std::nullopt, cs::ChipRefusal::unreadable});
    add(cs::IdentifyScreen{"", 0, std::nullopt, false, false, true, std::nullopt, cs::ChipRefusal::not_our_application});
    add(cs::IdentifyScreen{"", 0, std::nullopt, false, false, false,
                           cs::DeviceDown{cs::Device::card_reader, cs::DeviceFault::not_responding}, std::nullopt});
    add(cs::IdentifyScreen{"1403 1215 0590 0001", 16, std::nullopt, false, false, true, std::nullopt, std::nullopt}, true);

    const std::string masked = "1403 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"
                               "\xE2\x80\xA2 0001";
    for (cs::FingerStage stage : {cs::FingerStage::preparing, cs::FingerStage::waiting_for_finger,
                                  cs::FingerStage::finger_seen, cs::FingerStage::matching}) {
        add(cs::FingerprintScreen{masked, 3, stage, std::nullopt});
    }
    for (cs::FingerOutcome outcome : {cs::FingerOutcome::no_match, cs::FingerOutcome::no_finger,
                                      cs::FingerOutcome::poor_image, cs::FingerOutcome::device_error}) {
        add(cs::FingerprintScreen{masked, outcome == cs::FingerOutcome::no_match ? 1 : 2,
                                  cs::FingerStage::waiting_for_finger, outcome});
    }

    for (core::CardStatus status : core::kAllCardStatuses) {
        cs::StatusScreen s;
        s.nik_grouped = "1403 1215 0590 0001";
        s.status = status;
        s.facts.name = "SITI RAHAYU BINTI ABDULLAH SYAHPUTRA";
        if (status == core::CardStatus::print_ready_record) {
            s.facts.queue_position = 1234;
            s.facts.office_blank_stock = 10000;
            s.facts.priority = core::Priority::first_card;
        }
        s.pickup_offered = status == core::CardStatus::in_kiosk;
        add(s);
    }
    {
        cs::StatusScreen s;
        s.nik_grouped = "1403 1215 0590 0001";
        s.status = core::CardStatus::in_kiosk;
        s.pickup_block = cs::PickupBlock::dispenser_down;
        add(s, true);
    }

    for (cs::PickupPhase phase : {cs::PickupPhase::preparing, cs::PickupPhase::fetching, cs::PickupPhase::checking_card,
                                  cs::PickupPhase::take_card, cs::PickupPhase::securing_card}) {
        add(cs::PickupScreen{phase, phase == cs::PickupPhase::take_card ? cs::Millis{30'000} : cs::Millis{0}});
    }
    for (cs::MessageKind kind : {cs::MessageKind::card_taken, cs::MessageKind::card_captured,
                                 cs::MessageKind::go_to_counter, cs::MessageKind::fingerprint_not_verified,
                                 cs::MessageKind::nik_locked, cs::MessageKind::fingerprint_unavailable,
                                 cs::MessageKind::service_error}) {
        add(cs::MessageScreen{kind});
    }
    add(cs::OutOfServiceScreen{true, std::nullopt, std::nullopt});
    add(cs::OutOfServiceScreen{false, cs::DeviceDown{cs::Device::fingerprint, cs::DeviceFault::disconnected}, std::nullopt});
    add(cs::OutOfServiceScreen{false, std::nullopt, cs::StoreFault::damaged});
    add(cs::OutOfServiceScreen{false, std::nullopt, cs::StoreFault::disk_full});
    return out;
}

std::vector<std::string> synthetic_maintenance_notes() {
    const std::string indonesian =
        "Printer kartu sedang diganti oleh teknisi dari kantor Dinas Kependudukan dan Pencatatan Sipil. "
        "Kios dibuka kembali besok pukul 08.00 WIB. Mohon maaf atas ketidaknyamanan ini, terima kasih.";
    std::string words;
    while (words.size() + 5 <= 200) words += "Wawa ";
    words.resize(200, 'W');
    return {"Ganti gulungan kertas", indonesian.substr(0, 200), words, std::string(200, 'W')};
}

}  // namespace kiosk::ui
