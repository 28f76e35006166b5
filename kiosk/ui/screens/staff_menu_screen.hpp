// StaffMenuScreen: the staff member's tasks as six large tiles, each with the figure that says
// whether it needs doing, from the store's overview:
//
//   [ Isi kartu          ] [ Ambil kembali       ] [ Kotak tertahan      ]
//   [ 37 dari 50 slot    ] [ 3 lewat batas waktu ] [ 7 dari 50 kartu     ]
//   [ Pemeriksaan        ] [ Layanan kios        ] [ Keluar              ]
//   [ 2 perlu diperiksa  ] [ Sedang melayani     ]
//
// Three columns on a landscape panel, two on a portrait one. A figure that asks for action (cards
// past their deadline, checks open, the bin nearly full, out of service) is in bold and the problem
// colour, and says so in words. Until the overview is read the figures say "reading"; when it could
// not be read, why, and the tiles still work. A task beyond the signed-in role (staff_permissions.hpp)
// keeps its tile, greyed and not tappable, saying who may do it ("Hanya supervisor"), so that a staff
// member knows whom to call.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/tile.hpp"

#include <array>
#include <cstddef>
#include <string>

namespace kiosk::ui {

class StaffMenuScreen final : public StaffScreen {
public:
    // "staff-menu", "staff-menu-loading", "staff-menu-problem".
    [[nodiscard]] std::string_view name() const override { return name_; }

    // `role`: the signed-in staff member's (StaffView::signed_in), whose tasks the tiles offer.
    void update(const core::staff::MenuScreen& view, core::staff::StaffRole role);
    [[nodiscard]] const core::staff::MenuScreen& view() const { return view_; }
    // In order: restock, take back, capture bin, operator checks, service, exit.
    [[nodiscard]] const std::array<Tile, 6>& tiles() const { return tiles_; }
    // Whether the signed-in role may do tile i's task (0-4).
    [[nodiscard]] bool permitted(std::size_t i) const;

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    void body_language_changed() override { place_text(); }
    [[nodiscard]] bool has_back() const override { return false; }

private:
    void place_text();

    core::staff::MenuScreen view_;
    core::staff::StaffRole role_ = core::staff::StaffRole::operator_;
    std::string name_ = "staff-menu";
    Rect heading_;
    std::array<Tile, 6> tiles_;
};

}  // namespace kiosk::ui
