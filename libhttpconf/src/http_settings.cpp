#include "httpconf/http_settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "settings_parts.hpp"

namespace httpctl::conf {

std::string TargetVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::optional<TargetVersion> parse_target_version(std::string_view text) {
    if (text == "head" || text == "HEAD") return TargetVersion{0, 12};
    if (text.starts_with('v')) text.remove_prefix(1);
    std::uint32_t parts[3] = {0, 0, 0};
    std::size_t count = 0;
    while (true) {
        if (count == 3) return std::nullopt;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, parts[count]);
        if (ec != std::errc() || ptr == text.data()) return std::nullopt;
        ++count;
        text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
        if (text.empty()) break;
        if (text.front() != '.') return std::nullopt;
        text.remove_prefix(1);
    }
    if (count < 2) return std::nullopt;
    return TargetVersion{parts[0], parts[1]};
}

bool Principal::is_superuser() const noexcept {
    return type == "admin" || type == "superuser";
}

const Listener* HttpSettings::find_listener(std::string_view id) const noexcept {
    for (const Listener& l : listeners) {
        if (l.id == id) return &l;
    }
    return nullptr;
}

std::vector<const Listener*> HttpSettings::http_listeners() const {
    std::vector<const Listener*> out;
    for (const Listener& l : listeners) {
        if (l.is_http()) out.push_back(&l);
    }
    return out;
}

std::string_view default_url_expression(const TargetVersion& target) noexcept {
    // spec http.md §6.1 (v0.8.5) and §6.2 (0.12+).
    if (target.reads_http_prefix()) {
        return "protocol + '://' + config_get('server.hostname') + ':' + local_port";
    }
    return "protocol + '://' + key_get('default', 'hostname') + ':' + local_port";
}

BuiltSettings build_http_settings(const FlatConfig& config, const BuildOptions& options) {
    auto settings = std::make_shared<HttpSettings>();
    settings->file_name = config.file_name();
    DiagnosticSink sink(config);
    settings->target = options.target ? *options.target : infer_target(config);
    settings->prefix = settings->target.reads_http_prefix() ? "http." : "server.http.";

    report_generation_keys(sink, settings->target);
    read_lookup_stores(config, *settings);
    read_hostname(config, options.machine_hostname, *settings);
    read_listeners(sink, *settings);
    read_url_settings(sink, *settings);
    read_headers(sink, *settings);
    read_flags(sink, *settings);
    read_limits(sink, *settings);
    read_fallback_admin(sink, *settings);
    read_master_user(sink, *settings);
    read_memory_directories(config, *settings);
    // Re-point the positions at the model's own copy of the file name.
    for (Listener& listener : settings->listeners) {
        listener.where.file = settings->file_name;
        for (BindAddress& bind : listener.binds)
            bind.where.file = settings->file_name;
    }

    BuiltSettings out;
    out.settings = std::move(settings);
    out.diagnostics = sink.take();
    return out;
}

}  // namespace httpctl::conf
