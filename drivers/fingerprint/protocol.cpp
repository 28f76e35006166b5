// The protocol document's names of confirmation codes and instructions (declared in protocol.hpp).
#include "drivers/fingerprint/protocol.hpp"

namespace kiosk::fingerprint {

const char* confirmation_text(std::uint8_t code) {
    switch (code) {
        case confirm::ok: return "OK";
        case confirm::receive_error: return "receive error";
        case confirm::no_finger: return "no finger";
        case confirm::capture_failed: return "image capture failed";
        case confirm::image_messy: return "image too messy";
        case confirm::too_few_features: return "too few feature points";
        case confirm::no_match: return "no match";
        case confirm::not_found: return "not found";
        case confirm::combine_failed: return "could not combine";
        case confirm::page_out_of_range: return "page out of range";
        case confirm::invalid_template: return "invalid template";
        case confirm::upload_error: return "upload error";
        case confirm::cannot_receive_data: return "cannot receive data packets";
        case confirm::upload_image_error: return "upload image error";
        case confirm::delete_failed: return "delete failed";
        case confirm::clear_failed: return "clear failed";
        case confirm::wrong_password: return "wrong password";
        case confirm::no_valid_image: return "no valid image";
        case confirm::flash_write_error: return "flash write error";
        case confirm::invalid_register: return "invalid register";
        case confirm::wrong_address: return "wrong address";
        case confirm::password_required: return "password must be verified first";
        default: return "unknown confirmation code";
    }
}

const char* instruction_name(Instruction instruction) {
    switch (instruction) {
        case Instruction::gen_img: return "GenImg";
        case Instruction::img2tz: return "Img2Tz";
        case Instruction::match: return "Match";
        case Instruction::search: return "Search";
        case Instruction::reg_model: return "RegModel";
        case Instruction::store: return "Store";
        case Instruction::load_char: return "LoadChar";
        case Instruction::up_char: return "UpChar";
        case Instruction::down_char: return "DownChar";
        case Instruction::delet_char: return "DeletChar";
        case Instruction::empty: return "Empty";
        case Instruction::set_sys_para: return "SetSysPara";
        case Instruction::read_sys_para: return "ReadSysPara";
        case Instruction::set_pwd: return "SetPwd";
        case Instruction::vfy_pwd: return "VfyPwd";
        case Instruction::get_random_code: return "GetRandomCode";
        case Instruction::high_speed_search: return "HighSpeedSearch";
        case Instruction::template_num: return "TemplateNum";
        case Instruction::read_index_table: return "ReadIndexTable";
    }
    return "instruction";
}

}  // namespace kiosk::fingerprint
