#include "server/router.hpp"

namespace yandian::server {

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
    Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
    for (std::string_view part : split_path(route.pattern)) route.segments.emplace_back(part);
    routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    Match result;
    if (path.empty() || path.front() != '/') return result;
    std::vector<std::string_view> parts = split_path(path);
    for (const Route& route : routes_) {
        if (route.segments.size() != parts.size()) continue;
        PathParams params;
        bool matched = true;
        for (std::size_t i = 0; i < parts.size() && matched; ++i) {
            const std::string& seg = route.segments[i];
            if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
                bool ok = true;
                std::string value = percent_decode(parts[i], false, ok);
                if (parts[i].empty() || !ok) matched = false;
                else params.emplace(seg.substr(1, seg.size() - 2), std::move(value));
            } else {
                matched = seg == parts[i];
            }
        }
        if (!matched) continue;
        if (route.method != method) {
            result.status = 405;
            continue;
        }
        result.route = &route;
        result.params = std::move(params);
        result.status = 200;
        return result;
    }
    return result;
}

}  // namespace yandian::server
