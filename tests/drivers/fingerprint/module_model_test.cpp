// The simulated module's behaviour without I/O: fingers, scores, the library instructions.
#include "drivers/fingerprint/sim/control.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "drivers/fingerprint/sim/module_model.hpp"

#include <doctest/doctest.h>

using namespace kiosk::fingerprint;
using namespace kiosk::fingerprint::sim;

namespace {

Packet cmd(Instruction instruction, std::vector<std::uint8_t> params = {}) {
    return make_command(default_address, instruction, params);
}

// The confirmation code and the rest of the single acknowledge.
std::pair<std::uint8_t, std::vector<std::uint8_t>> ack(ModuleModel& model, const Packet& packet) {
    const auto reply = model.handle(packet);
    REQUIRE(reply.packets.size() >= 1);
    const auto& a = reply.packets.front();
    REQUIRE(a.pid == PacketId::ack);
    REQUIRE_FALSE(a.content.empty());
    return {a.content[0], std::vector<std::uint8_t>(a.content.begin() + 1, a.content.end())};
}

void capture_into(ModuleModel& model, std::uint8_t buffer) {
    REQUIRE(ack(model, cmd(Instruction::gen_img)).first == confirm::ok);
    REQUIRE(ack(model, cmd(Instruction::img2tz, {buffer})).first == confirm::ok);
}

}  // namespace

TEST_CASE("templates are deterministic, and scores separate fingers widely") {
    CHECK(template_for_finger(1) == template_for_finger(1));
    CHECK(template_for_finger(1) != template_for_finger(2));
    for (std::uint32_t f = 0; f < 40; ++f) {
        CAPTURE(f);
        CHECK(match_score(template_for_finger(f), capture_of_finger(f, 1)) >= 100);
        CHECK(match_score(capture_of_finger(f, 2), capture_of_finger(f, 3)) >= 100);
        CHECK(match_score(template_for_finger(f), capture_of_finger(f + 1, 1)) < 30);
    }
}

TEST_CASE("password: 0x21 until verified when set, 0x13 when wrong") {
    ModuleConfig config;
    config.password = 0x01020304;
    ModuleModel model(config);
    CHECK(ack(model, cmd(Instruction::template_num)).first == confirm::password_required);
    CHECK(ack(model, cmd(Instruction::vfy_pwd, {0, 0, 0, 0})).first == confirm::wrong_password);
    CHECK(ack(model, cmd(Instruction::vfy_pwd, {1, 2, 3, 4})).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::template_num)).first == confirm::ok);
    model.restart();
    CHECK(ack(model, cmd(Instruction::template_num)).first == confirm::password_required);
}

TEST_CASE("enrol, store, search, load, delete, empty, index table") {
    ModuleModel model{ModuleConfig{}};
    model.place_finger(3);
    capture_into(model, 1);
    capture_into(model, 2);
    CHECK(ack(model, cmd(Instruction::reg_model)).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::store, {1, 0x01, 0x02})).first == confirm::ok);  // page 258
    CHECK(ack(model, cmd(Instruction::store, {1, 0x03, 0xE8})).first == confirm::page_out_of_range);
    CHECK(ack(model, cmd(Instruction::template_num)).second == std::vector<std::uint8_t>{0, 1});

    auto table = ack(model, cmd(Instruction::read_index_table, {1}));
    REQUIRE(table.second.size() == 32);
    CHECK(table.second[0] == 0x04);  // page 258 = 256 + 2: bit 2 of the first byte of table page 1
    CHECK(ack(model, cmd(Instruction::read_index_table, {0})).second == std::vector<std::uint8_t>(32, 0));

    capture_into(model, 1);
    auto found = ack(model, cmd(Instruction::search, {1, 0, 0, 0x03, 0xE8}));
    CHECK(found.first == confirm::ok);
    CHECK(get_u16(found.second, 0) == 258);
    CHECK(get_u16(found.second, 2) >= 100);
    CHECK(ack(model, cmd(Instruction::high_speed_search, {1, 0, 0, 0x03, 0xE8})).first == confirm::ok);

    model.place_finger(4);
    capture_into(model, 1);
    CHECK(ack(model, cmd(Instruction::search, {1, 0, 0, 0x03, 0xE8})).first == confirm::not_found);
    CHECK(ack(model, cmd(Instruction::reg_model)).first == confirm::combine_failed);

    CHECK(ack(model, cmd(Instruction::load_char, {2, 0x01, 0x02})).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::load_char, {2, 0x00, 0x07})).first == confirm::invalid_template);
    CHECK(ack(model, cmd(Instruction::delet_char, {0x01, 0x02, 0x00, 0x01})).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::template_num)).second == std::vector<std::uint8_t>{0, 0});
    CHECK(ack(model, cmd(Instruction::delet_char, {0x03, 0xE7, 0x00, 0x02})).first == confirm::delete_failed);
    CHECK(ack(model, cmd(Instruction::store, {2, 0x00, 0x09})).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::empty)).first == confirm::ok);
    CHECK(model.stored_templates() == 0);
}

TEST_CASE("UpChar sends the acknowledge, then data packets sized by SetSysPara's packet size") {
    ModuleModel model{ModuleConfig{}};
    CHECK(ack(model, cmd(Instruction::up_char, {1})).first == confirm::upload_error);  // empty buffer
    model.place_finger(6);
    capture_into(model, 1);
    for (std::uint8_t code = 0; code <= 3; ++code) {
        CAPTURE(code);
        CHECK(ack(model, cmd(Instruction::set_sys_para, {reg::packet_size, code})).first == confirm::ok);
        const auto reply = model.handle(cmd(Instruction::up_char, {1}));
        const std::size_t size = std::size_t{32} << code;
        REQUIRE(reply.packets.size() == 1 + template_size / size);
        CHECK(reply.packets[0].pid == PacketId::ack);
        CHECK(reply.packets[1].content.size() == size);
        CHECK(reply.packets.back().pid == PacketId::end_data);
    }
    CHECK(ack(model, cmd(Instruction::set_sys_para, {reg::packet_size, 4})).first == confirm::invalid_register);
    CHECK(ack(model, cmd(Instruction::set_sys_para, {9, 1})).first == confirm::invalid_register);
    const auto baud = model.handle(cmd(Instruction::set_sys_para, {reg::baud, 12}));
    CHECK(baud.new_baud_multiplier == std::uint16_t{12});
    auto params = ack(model, cmd(Instruction::read_sys_para));
    REQUIRE(params.second.size() == 16);
    CHECK(get_u16(params.second, 12) == 3);   // packet size code
    CHECK(get_u16(params.second, 14) == 12);  // baud N
}

TEST_CASE("DownChar takes data packets into the buffer; a command mid-download discards it") {
    ModuleModel model{ModuleConfig{}};
    const auto enrolled = template_for_finger(11);
    CHECK(ack(model, cmd(Instruction::down_char, {2})).first == confirm::ok);
    for (const auto& p : split_into_data_packets(default_address, enrolled, 128))
        CHECK(model.handle(p).packets.empty());  // data is never acknowledged
    model.place_finger(11);
    capture_into(model, 1);
    auto matched = ack(model, cmd(Instruction::match));
    CHECK(matched.first == confirm::ok);
    CHECK(get_u16(matched.second, 0) >= 100);

    CHECK(ack(model, cmd(Instruction::down_char, {2})).first == confirm::ok);
    (void)model.handle(split_into_data_packets(default_address, enrolled, 128).front());
    auto after = ack(model, cmd(Instruction::match));  // ends the download half-way
    CHECK(after.first == confirm::no_match);
    CHECK(get_u16(after.second, 0) == 0);
}

TEST_CASE("captures: no finger, poor image, lifted during capture, no image") {
    ModuleModel model{ModuleConfig{}};
    CHECK(ack(model, cmd(Instruction::img2tz, {1})).first == confirm::no_valid_image);
    CHECK(ack(model, cmd(Instruction::gen_img)).first == confirm::no_finger);
    model.place_finger(1);
    model.next_capture_poor();
    CHECK(ack(model, cmd(Instruction::gen_img)).first == confirm::ok);
    CHECK(ack(model, cmd(Instruction::img2tz, {1})).first == confirm::image_messy);
    model.begin_capture();
    model.lift_finger();
    CHECK(ack(model, cmd(Instruction::gen_img)).first == confirm::capture_failed);
    CHECK(ack(model, cmd(Instruction::get_random_code)).second.size() == 4);
}

TEST_CASE("control lines are parsed strictly") {
    CHECK(parse_instruction("match") == Instruction::match);
    CHECK(parse_instruction("0x1d") == Instruction::template_num);
    CHECK_FALSE(parse_instruction("0x1zz").has_value());
    CHECK(parse_fault("reboot") == Fault::reboot);
    CHECK_FALSE(parse_fault("meteor").has_value());
}
