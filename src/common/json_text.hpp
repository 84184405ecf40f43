#pragma once
// JSON as text for output and storage. Text that came from outside (a file's bytes, a CSV field, a message quoted in
// an error) may hold invalid UTF-8; nlohmann's dump() throws on it, so every dump of such JSON goes through here and
// such bytes become U+FFFD instead of an exception.
#include <string>

namespace yandian {

template <class Json>
std::string json_text(const Json& value, int indent = -1) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace yandian
