#include "drivers/cardreader/security_object.hpp"

#include "drivers/cardreader/ec_key.hpp"

namespace kiosk::cardreader {

Bytes security_object_message(const SignedFiles& files) {
    Bytes message;
    for (const auto* file : {&files.biodata, &files.template_right, &files.template_left, &files.chip_public_key}) {
        const Bytes digest = file->has_value() ? sha256(**file) : sha256({});
        message.insert(message.end(), digest.begin(), digest.end());
    }
    return message;
}

}  // namespace kiosk::cardreader
