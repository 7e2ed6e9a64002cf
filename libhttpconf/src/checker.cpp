// `check`: load → macros → typed model → the base URL of every HTTP listener bind (spec
// http.md §2–§9, §5.4), all findings sorted by position.
#include "httpconf/checker.hpp"

#include <algorithm>

#include "expr/evaluator.hpp"
#include "httpconf/loader.hpp"
#include "httpconf/request_context.hpp"
#include "settings_support.hpp"

namespace httpctl::conf {
namespace {

// Answers every live look-up with a failure, remembering that one was needed: the checker
// never reaches directories, stores, DNS or SQL.
class OfflineLookups final : public expr::LookupProvider {
  public:
    bool used = false;
    std::string first_function;

    bool is_local_domain(std::string_view, std::string_view, expr::Value& out,
                         std::string& error) override {
        return refuse("is_local_domain", out, error);
    }
    bool is_local_address(std::string_view, std::string_view, expr::Value& out,
                          std::string& error) override {
        return refuse("is_local_address", out, error);
    }
    bool key_get(std::string_view, std::string_view, expr::Value& out,
                 std::string& error) override {
        return refuse("key_get", out, error);
    }
    bool key_exists(std::string_view, std::string_view, expr::Value& out,
                    std::string& error) override {
        return refuse("key_exists", out, error);
    }
    bool key_set(std::string_view, std::string_view, std::string_view, expr::Value& out,
                 std::string& error) override {
        return refuse("key_set", out, error);
    }
    bool counter_incr(std::string_view, std::string_view, std::int64_t, expr::Value& out,
                      std::string& error) override {
        return refuse("counter_incr", out, error);
    }
    bool counter_get(std::string_view, std::string_view, expr::Value& out,
                     std::string& error) override {
        return refuse("counter_get", out, error);
    }
    bool dns_query(std::string_view, std::string_view, expr::Value& out,
                   std::string& error) override {
        return refuse("dns_query", out, error);
    }
    bool sql_query(std::string_view, std::string_view, const expr::Value&, expr::Value& out,
                   std::string& error) override {
        return refuse("sql_query", out, error);
    }

  private:
    bool refuse(const char* function, expr::Value& out, std::string& error) {
        if (!used) first_function = function;
        used = true;
        out = expr::Value();
        error = std::string(function) + " needs a live look-up";
        return false;
    }
};

// Where the `url` setting is written: its key, or the first key of its if-block.
SourceLocation url_location(const FlatConfig& config, const HttpSettings& settings) {
    const std::string key = settings.prefix + "url";
    if (const ConfigEntry* e = config.find(key)) return config.value_location(*e);
    const std::string prefix = key + ".";
    for (const ConfigEntry& e : config.entries()) {
        if (e.key.starts_with(prefix)) return config.key_location(e);
    }
    SourceLocation none;
    none.file = config.file_name();
    return none;
}

bool uses_request_variables(const expr::IfBlock& block) {
    auto reads_request = [](const expr::Expression& e) {
        for (expr::Variable v : e.variables_used()) {
            switch (v) {
                case expr::Variable::RemoteIp:
                case expr::Variable::RemotePort:
                case expr::Variable::Url:
                case expr::Variable::UrlPath:
                case expr::Variable::Headers:
                case expr::Variable::Method:
                    return true;
                default:
                    break;
            }
        }
        return false;
    };
    for (const expr::IfBranch& b : block.branches()) {
        if (reads_request(b.condition) || reads_request(b.value)) return true;
    }
    return reads_request(block.otherwise());
}

void evaluate_urls(const FlatConfig& config, const HttpSettings& settings, CheckReport& report) {
    const SourceLocation where = url_location(config, settings);
    const bool request_dependent = uses_request_variables(settings.url);
    for (const Listener* listener : settings.http_listeners()) {
        for (std::size_t i = 0; i < listener->binds.size(); ++i) {
            OfflineLookups lookups;
            expr::EvalContext ctx;
            attach_settings(ctx, settings, &config);
            ctx.provider = &lookups;
            fill_listener_variables(ctx, *listener, i);
            const BaseUrl base = evaluate_base_url(settings, *listener, ctx, i);

            EffectiveUrl effective{listener->id, listener->binds[i].text, base.url,
                                   base.used_fallback, base.failure};
            const std::string on = "listener " + listener->id + " (" + effective.bind + ")";
            if (lookups.used) {
                // spec http.md §5.4: a look-up Stalwart would answer live; we do not guess.
                effective.note = "cannot be evaluated offline: " + lookups.first_function +
                                 " needs a live look-up";
                report.diagnostics.push_back(make_diagnostic(
                    Severity::Note, "http.url.offline",
                    "the base URL on " + on + " cannot be evaluated offline", where,
                    lookups.first_function + " needs a live directory, store, DNS or SQL look-up"));
            } else if (base.used_fallback && settings.url_configured) {
                report.diagnostics.push_back(
                    make_diagnostic(Severity::Warning, "http.url.not-string",
                                    "the url expression does not give a string on " + on +
                                        ", so Stalwart uses the fallback URL " + base.url,
                                    where, base.failure + " (spec http.md §5.4)"));
            } else if (!base.url.starts_with("http")) {
                report.diagnostics.push_back(make_diagnostic(
                    Severity::Error, "http.url.not-http",
                    "the base URL \"" + base.url + "\" on " + on + " does not start with http",
                    where,
                    "the JMAP session endpoint derives its WebSocket URL from it and Stalwart "
                    "drops the request (spec http.md §5.5, §12); write e.g. "
                    "\"'https://mail.example.org'\""));
            }
            if (request_dependent && effective.note.empty()) {
                effective.note = "depends on the request; evaluated with no request variables";
            }
            report.effective_urls.push_back(std::move(effective));
        }
    }
}

void sort_by_position(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         if (a.line != b.line) return a.line < b.line;
                         return a.column < b.column;
                     });
}

}  // namespace

CheckReport check_config_text(std::string_view text, std::string file_name,
                              const CheckOptions& options) {
    CheckReport report;
    report.file = file_name == "-" ? "<stdin>" : std::move(file_name);
    LoadResult loaded = load_config(text, report.file);
    report.diagnostics = std::move(loaded.diagnostics);
    if (loaded.ok()) {
        report.source = std::make_shared<SourceText>(std::string(loaded.config->source().text()));
    } else if (text.size() < 0xFFFFFFF0U) {
        report.source = std::make_shared<SourceText>(std::string(text));
    }
    if (!loaded.ok()) {
        report.target = options.target.value_or(TargetVersion{});
        report.target_inferred = !options.target.has_value();
        sort_by_position(report.diagnostics);
        return report;
    }

    FlatConfig config = std::move(*loaded.config);
    MacroOptions macro_options;
    macro_options.mode =
        options.macro_sources != nullptr ? options.macros : MacroMode::LeaveUnresolved;
    macro_options.sources = options.macro_sources;
    for (Diagnostic& d : expand_macros(config, macro_options)) {
        report.diagnostics.push_back(std::move(d));
    }

    auto shared_config = std::make_shared<const FlatConfig>(std::move(config));
    BuildOptions build;
    build.target = options.target;
    build.machine_hostname = options.machine_hostname;
    BuiltSettings built = build_http_settings(*shared_config, build);
    for (Diagnostic& d : built.diagnostics)
        report.diagnostics.push_back(std::move(d));
    report.target = built.settings->target;
    report.target_inferred = !options.target.has_value();

    if (built.settings->http_listeners().empty()) {
        SourceLocation none;
        none.file = shared_config->file_name();
        report.diagnostics.push_back(make_diagnostic(
            Severity::Warning, "listener.no-http", "no HTTP listener is configured", none,
            "Stalwart serves JMAP, the management API and the web admin only on a listener "
            "with `protocol = \"http\"` (spec http.md §7)"));
    }
    evaluate_urls(*shared_config, *built.settings, report);

    report.config = std::move(shared_config);
    report.settings = std::move(built.settings);
    sort_by_position(report.diagnostics);
    return report;
}

}  // namespace httpctl::conf
