// ServeService: configuration, snapshots, reload, listeners, client IP, routing.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "httpconf/loader.hpp"
#include "server/diagnostic_origin.hpp"
#include "server/serve_service.hpp"

namespace httpctl::server {
namespace {

constexpr std::string_view kBuiltinConfig =
    R"(# stalwart-httpctl serve: the built-in configuration, used when no --config is given.
# Stalwart 0.8 keys (server.http.*), so GET /.well-known/jmap answers the session object.
# One plain HTTP listener on the loopback interface and a fallback administrator for trying
# out authenticated routes (admin / changeme). Not for production.
[lookup.default]
hostname = "localhost"

[server.listener.http]
protocol = "http"
bind = ["127.0.0.1:8080"]

[server.http]
use-x-forwarded = false

[authentication.fallback-admin]
user = "admin"
secret = "changeme"
)";

std::string machine_hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

std::string bind_text(const std::string& ip, std::uint16_t port) {
    return ip.find(':') != std::string::npos ? "[" + ip + "]:" + std::to_string(port)
                                             : ip + ":" + std::to_string(port);
}

// The PEM pair of the certificate a TLS listener presents: the one marked `default = true`, else
// the first by id (spec http.md §7).
struct CertificatePair {
    std::string id;
    std::string certificate;
    std::string private_key;
};
std::optional<CertificatePair> choose_certificate(const conf::FlatConfig& config) {
    std::optional<CertificatePair> chosen;
    for (const auto id : config.sub_keys("certificate", "")) {
        const std::string prefix = "certificate." + std::string(id);
        const auto certificate = config.value(prefix + ".cert");
        const auto key = config.value(prefix + ".private-key");
        if (!certificate || !key) continue;
        CertificatePair pair{std::string(id), std::string(*certificate), std::string(*key)};
        if (config.value(prefix + ".default") == std::optional<std::string_view>("true")) {
            return pair;
        }
        if (!chosen) chosen = std::move(pair);
    }
    return chosen;
}

ReloadResult failed_read(const std::string& why) {
    ReloadResult result;
    result.errors.push_back({"*", "Parse", why});
    return result;
}

}  // namespace

std::string_view builtin_default_config() noexcept {
    return kBuiltinConfig;
}

std::variant<ListenOverride, std::string> parse_listen(std::string_view text) {
    ListenOverride out;
    const std::string original(text);
    const auto equals = text.find('=');
    if (equals != std::string_view::npos) {
        out.listener_id = std::string(text.substr(0, equals));
        text.remove_prefix(equals + 1);
        if (out.listener_id.empty()) return "--listen " + original + ": empty listener id";
    }
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        return "--listen " + original + ": expected ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:0";
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return "--listen " + original + ": an IPv6 address needs brackets, e.g. [::1]:8080";
    }
    unsigned port = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
        return "--listen " + original + ": the port must be a number from 0 to 65535";
    }
    if (!conf::parse_ip_address(host)) {
        return "--listen " + original + ": " + std::string(host) + " is not an IP address";
    }
    out.ip = std::string(host);
    out.port = static_cast<std::uint16_t>(port);
    return out;
}

bool has_errors(const conf::CheckReport& report) noexcept {
    if (!report.settings) return true;
    return std::any_of(
        report.diagnostics.begin(), report.diagnostics.end(),
        [](const conf::Diagnostic& d) { return d.severity == conf::Severity::Error; });
}

ServeService::ServeService(ServeOptions options, std::function<void(std::string_view)> log)
    : options_(std::move(options)), log_(std::move(log)) {
    install_router();
    stalwart08_policy_.rule = conf::ForwardedRule::Stalwart08;
    stalwart012_policy_.rule = conf::ForwardedRule::Stalwart012;
    trusted_policy_.rule = conf::ForwardedRule::TrustedProxies;
    if (options_.trusted_proxies) trusted_policy_.trusted_proxies = *options_.trusted_proxies;
}

ServeService::~ServeService() {
    // Requests are over (the transport has stopped); the router goes before what it points to.
    router_.reset();
    if (!temporary_data_dir_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(temporary_data_dir_, ignored);
    }
}

void ServeService::install_router() {
    RouterHooks hooks;
    hooks.reload = [this](bool dry_run) { return reload(dry_run, "/api/reload"); };
    hooks.jmap = jmap_;
    hooks.management = management_;
    router_ = std::make_unique<Router>(std::move(hooks));
}

std::variant<std::string, std::string> ServeService::read_config_text() const {
    if (!options_.config_path) {
        return std::variant<std::string, std::string>(std::in_place_index<0>, kBuiltinConfig);
    }
    std::ifstream in(*options_.config_path, std::ios::binary);
    if (!in) {
        return std::variant<std::string, std::string>(
            std::in_place_index<1>,
            "cannot read " + *options_.config_path + ": " + std::strerror(errno));
    }
    std::ostringstream content;
    content << in.rdbuf();
    return std::variant<std::string, std::string>(std::in_place_index<0>, content.str());
}

std::string ServeService::listen_listener_text() const {
    // `--listen ADDR:PORT` becomes a listener of the configuration itself, so the checker, the
    // model and the router all see it like any configured one.
    std::string added;
    for (const auto& item : options_.listen) {
        const auto parsed = parse_listen(item);
        if (const auto* listen = std::get_if<ListenOverride>(&parsed)) {
            if (!listen->listener_id.empty()) continue;
            added += (added.empty() ? "\"" : ", \"") + bind_text(listen->ip, listen->port) + "\"";
        }
    }
    if (added.empty()) return {};
    return "\n[server.listener.cli]\nprotocol = \"http\"\nbind = [" + added + "]\n";
}

ServeService::CheckedConfig ServeService::check_configuration(const std::string& file_text) const {
    const std::string listeners = listen_listener_text();
    // The file on its own first, so its own errors (and a file that does not load) are reported
    // at its own positions.
    CheckedConfig file_check;
    file_check.report = check_text(file_text + listeners);
    file_check.result = reload_result_from_report(file_check.report);
    const SettingsOverlay overlay = settings_ ? settings_->overlay() : SettingsOverlay{};
    if (overlay.empty()) return file_check;
    conf::LoadResult file = conf::load_config(file_text, *options_.config_path);
    if (!file.ok() || file_check.report.config == nullptr) return file_check;
    // An error on a key the management API has since set or deleted no longer applies (spec
    // http.md §13.2: the stored settings win over the file); any other stops here.
    for (const auto& diagnostic : file_check.report.diagnostics) {
        if (diagnostic.severity != conf::Severity::Error) continue;
        const std::string key = key_at(*file_check.report.config, diagnostic);
        if (key.empty() || (!overlay.set.contains(key) && !overlay.deleted.contains(key))) {
            return file_check;
        }
    }
    // Then the file with the overlay applied, its diagnostics mapped back to the file and the
    // overlay (never to the generated text).
    CheckedConfig effective;
    effective.report =
        check_text(render_flat_settings(apply_overlay(*file.config, overlay)) + listeners);
    effective.result = reload_result_from_report(effective.report);
    (void)map_effective_diagnostics(
        effective.report,
        EffectiveConfigSources{*file.config, overlay, settings_->overlay_path().string()});
    return effective;
}

conf::CheckOptions ServeService::check_options() const {
    conf::CheckOptions check;
    check.target = options_.target;
    check.macros = conf::MacroMode::Expand;  // serve reads what Stalwart would read
    check.macro_sources = &macro_sources_;
    check.machine_hostname = machine_hostname();
    return check;
}

conf::CheckReport ServeService::check_text(const std::string& text) const {
    return conf::check_config_text(
        text, options_.config_path ? *options_.config_path : "<built-in>", check_options());
}

conf::CheckReport ServeService::load() {
    auto text = read_config_text();
    if (text.index() == 1) {
        conf::CheckReport report;
        report.file = options_.config_path.value_or("<built-in>");
        conf::Diagnostic error;
        error.code = "serve.read";
        error.message = std::get<1>(text);
        error.file = report.file;
        report.diagnostics.push_back(std::move(error));
        return report;
    }
    auto report = check_configuration(std::get<0>(text)).report;
    if (!has_errors(report)) {
        auto snapshot = make_snapshot(report, report.file, generation_);
        std::lock_guard lock(snapshot_mutex_);
        snapshot_ = std::move(snapshot);
    }
    return report;
}

ReloadResult ServeService::reload(bool dry_run, std::string_view cause) {
    std::lock_guard serialise(reload_mutex_);
    const std::string what(cause);
    auto text = read_config_text();
    if (text.index() == 1) {
        log_("stalwart-httpctl: reload failed (" + what + "): " + std::get<1>(text) +
             "; the previous configuration stays in use");
        return failed_read(std::get<1>(text));
    }
    auto [report, result] = check_configuration(std::get<0>(text));
    if (has_errors(report)) {
        for (const auto& diagnostic : report.diagnostics) {
            if (diagnostic.severity == conf::Severity::Error) {
                log_("stalwart-httpctl: reload: " + conf::to_compact_text(diagnostic));
            }
        }
        log_("stalwart-httpctl: reload refused (" + what +
             "): the configuration has errors; the previous configuration stays in use");
        if (result.errors.empty()) result.errors.push_back({"*", "Parse", "invalid configuration"});
        return result;
    }
    if (dry_run) return result;
    // Warnings of the configuration now in use, as at start-up.
    for (const auto& diagnostic : report.diagnostics) {
        if (diagnostic.severity == conf::Severity::Warning) {
            log_("stalwart-httpctl: reload: " + conf::to_compact_text(diagnostic));
        }
    }
    auto snapshot = make_snapshot(std::move(report), options_.config_path.value_or("<built-in>"),
                                  ++generation_);
    {
        std::lock_guard lock(snapshot_mutex_);
        snapshot_ = std::move(snapshot);
    }
    log_("stalwart-httpctl: configuration reloaded (" + what + ", generation " +
         std::to_string(generation_) + "); listener changes take effect at restart");
    return result;
}

std::shared_ptr<const ConfigSnapshot> ServeService::current() const {
    std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
}

std::variant<std::vector<BindSpec>, std::string> ServeService::bind_specs() const {
    const auto snapshot = current();
    if (!snapshot) return std::string("no configuration loaded");
    std::vector<ListenOverride> overrides;
    for (const auto& item : options_.listen) {
        auto parsed = parse_listen(item);
        if (auto* error = std::get_if<std::string>(&parsed)) return *error;
        auto& listen = std::get<ListenOverride>(parsed);
        if (!listen.listener_id.empty()) overrides.push_back(std::move(listen));
    }
    const auto& settings = snapshot->settings();
    for (const auto& listen : overrides) {
        const auto* listener = settings.find_listener(listen.listener_id);
        if (listener == nullptr || !listener->is_http()) {
            return "--listen " + listen.listener_id + "=…: there is no HTTP listener named " +
                   listen.listener_id;
        }
    }
    std::vector<BindSpec> specs;
    for (const auto* listener : settings.http_listeners()) {
        BindSpec base;
        base.listener_id = listener->id;
        base.tls = listener->uses_tls();
        if (base.tls) {
            const auto pair = snapshot->report.config ? choose_certificate(*snapshot->report.config)
                                                      : std::nullopt;
            if (!pair) {
                return "listener " + listener->id +
                       " uses TLS (tls.implicit = true) but no certificate.<id>.cert and "
                       ".private-key are configured (serve does not generate one)";
            }
            base.certificate_pem = pair->certificate;
            base.private_key_pem = pair->private_key;
        }
        const auto override_of = std::find_if(
            overrides.begin(), overrides.end(),
            [&](const ListenOverride& listen) { return listen.listener_id == listener->id; });
        if (override_of != overrides.end()) {
            BindSpec spec = base;
            spec.ip = override_of->ip;
            spec.port = override_of->port;
            specs.push_back(std::move(spec));
            continue;
        }
        for (std::size_t i = 0; i < listener->binds.size(); ++i) {
            BindSpec spec = base;
            spec.bind_index = i;
            spec.ip = listener->binds[i].ip;
            spec.port = listener->binds[i].port;
            specs.push_back(std::move(spec));
        }
    }
    if (specs.empty()) return std::string("the configuration has no HTTP listener to serve");
    return specs;
}

const conf::ClientIpPolicy& ServeService::client_ip_policy(
    const ConfigSnapshot& snapshot) const noexcept {
    if (!snapshot.settings().use_x_forwarded) return peer_policy_;  // spec http.md §10.1
    if (options_.trusted_proxies) return trusted_policy_;
    return snapshot.head_dialect() ? stalwart012_policy_ : stalwart08_policy_;
}

std::uint64_t ServeService::body_limit(std::string_view target) const {
    const auto snapshot = current();
    std::uint64_t limit = 10'000'000;
    if (snapshot) {
        // spec http.md §11, §12: JMAP bodies may be as large as maxSizeUpload (uploads; and
        // POST /jmap, whose maxSizeRequest check is the router's, answered with a JMAP limit
        // error rather than 413); every other body is bounded by maxSizeRequest.
        const auto& limits = snapshot->settings().limits;
        const auto path = target.substr(0, target.find('?'));
        const bool jmap = path == "/jmap" || path.substr(0, 6) == "/jmap/";
        limit = jmap ? std::max(limits.max_size_upload, limits.max_size_request)
                     : limits.max_size_request;
    }
    if (options_.max_body_bytes) limit = std::min(limit, *options_.max_body_bytes);
    return limit;
}

HttpResponse ServeService::answer(HttpRequest& request, const ConfigSnapshot& snapshot) const {
    const auto client =
        conf::resolve_client_ip(request.peer_ip, request.headers, client_ip_policy(snapshot));
    request.client_ip = client.ip;
    return router_->handle(request, snapshot);
}

ServerHooks ServeService::hooks() {
    ServerHooks hooks;
    hooks.handle = [this](HttpRequest& request) {
        const auto snapshot = current();  // this request's snapshot, whatever reloads happen
        return answer(request, *snapshot);
    };
    // The check and the answer see the same snapshot, so a reload in between cannot turn a
    // cached credential into a password to verify on an event loop.
    hooks.answer_at_once = [this](HttpRequest& request) -> std::optional<HttpResponse> {
        const auto snapshot = current();
        if (!router_->answers_at_once(request, *snapshot)) return std::nullopt;
        return answer(request, *snapshot);
    };
    hooks.body_limit = [this](std::string_view, std::string_view target) {
        return body_limit(target);
    };
    hooks.log = log_;
    return hooks;
}

}  // namespace httpctl::server
