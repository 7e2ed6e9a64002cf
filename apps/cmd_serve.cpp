// `stalwart-httpctl serve`: serves the HTTP side of a Stalwart configuration. The configuration
// is checked first (errors refuse to start, printed as `check` prints them); one JSON line per
// bound address goes to standard output so scripts and tests can find ephemeral ports; the
// access log and server messages go to standard error. SIGHUP reloads, SIGINT/SIGTERM stop.
#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.hpp"
#include "httpconf/report_format.hpp"
#include "serve_signals.hpp"
#include "server/http_server.hpp"
#include "server/serve_service.hpp"

namespace httpctl::app {
namespace {

struct ServeArguments {
    std::string config;
    std::vector<std::string> listen;
    std::string target;
    std::string log_format = "plain";
    std::string trusted_proxies;
    std::string data_dir;
    std::size_t max_header_size = 8192;
    std::uint64_t max_body_size = 0;  // 0: the JMAP limits of the configuration
    double header_timeout = 10;
    double read_timeout = 10;
    double write_timeout = 10;
    double keep_alive_timeout = 5;
    std::size_t keep_alive_requests = 10'000;
    std::size_t threads = 64;
    std::size_t event_loops = 0;  // 0: one per core, at most 4
    std::size_t max_connections = 1024;
    double shutdown_timeout = 10;
};

void write_line(int fd, std::string line) {
    line += '\n';
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(fd, line.data() + written, line.size() - written);
        if (n <= 0) return;
        written += static_cast<std::size_t>(n);
    }
}

std::chrono::milliseconds seconds_to_ms(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

// Options from the command line, or a usage error.
std::variant<server::ServeOptions, std::string> to_options(const ServeArguments& args) {
    server::ServeOptions options;
    if (!args.config.empty()) options.config_path = args.config;
    options.listen = args.listen;
    for (const auto& item : args.listen) {
        if (auto parsed = server::parse_listen(item); parsed.index() == 1) {
            return std::get<1>(parsed);
        }
    }
    if (!args.target.empty()) {
        options.target = conf::parse_target_version(args.target);
        if (!options.target) return "--target " + args.target + ": unknown version";
    }
    if (args.log_format == "plain") {
        options.log_format = server::AccessLogFormat::Plain;
    } else if (args.log_format == "json") {
        options.log_format = server::AccessLogFormat::Json;
    } else if (args.log_format == "off") {
        options.log_format = server::AccessLogFormat::Off;
    } else {
        return "--log-format must be plain, json or off";
    }
    if (!args.trusted_proxies.empty()) {
        auto set = conf::CidrSet::parse(args.trusted_proxies);
        if (auto* error = std::get_if<std::string>(&set)) return "--trusted-proxies: " + *error;
        options.trusted_proxies = std::get<conf::CidrSet>(std::move(set));
    }
    for (const double seconds : {args.header_timeout, args.read_timeout, args.write_timeout,
                                 args.keep_alive_timeout, args.shutdown_timeout}) {
        if (!(seconds > 0) || seconds > 86400) return "timeouts must be between 0 and 86400 seconds";
    }
    if (args.threads == 0 || args.threads > 4096) return "--threads must be from 1 to 4096";
    if (args.event_loops > 64) return "--event-loops must be from 0 (one per core) to 64";
    if (args.max_connections < args.threads) return "--max-connections must be ≥ --threads";
    if (args.max_header_size < 256) return "--max-header-size must be at least 256";
    auto& limits = options.limits;
    limits.max_header_bytes = args.max_header_size;
    limits.header_timeout = seconds_to_ms(args.header_timeout);
    limits.read_timeout = seconds_to_ms(args.read_timeout);
    limits.write_timeout = seconds_to_ms(args.write_timeout);
    limits.keep_alive_timeout = seconds_to_ms(args.keep_alive_timeout);
    limits.keep_alive_max_requests = std::max<std::size_t>(1, args.keep_alive_requests);
    limits.worker_threads = args.threads;
    limits.event_loops = args.event_loops;
    limits.max_connections = args.max_connections;
    limits.shutdown_grace = seconds_to_ms(args.shutdown_timeout);
    if (args.max_body_size > 0) options.max_body_bytes = args.max_body_size;
    if (!args.data_dir.empty()) options.data_dir = args.data_dir;
    return options;
}

void log_warnings(const conf::CheckReport& report) {
    for (const auto& diagnostic : report.diagnostics) {
        if (diagnostic.severity != conf::Severity::Error) {
            write_line(STDERR_FILENO, "stalwart-httpctl: " + conf::to_compact_text(diagnostic));
        }
    }
}

std::string url_of(const server::BoundAddress& address) {
    const std::string host =
        address.ip.find(':') != std::string::npos ? "[" + address.ip + "]" : address.ip;
    return std::string(address.tls ? "https://" : "http://") + host + ":" +
           std::to_string(address.port);
}

int run_serve(const ServeArguments& args) {
    auto parsed = to_options(args);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        write_line(STDERR_FILENO, "stalwart-httpctl serve: " + *error);
        return 2;
    }
    auto options = std::get<server::ServeOptions>(std::move(parsed));
    const auto log_format = options.log_format;
    const auto limits = options.limits;

    // Before any thread exists (see ServeSignals); a client closing early must not kill us.
    ServeSignals signals;
    if (!signals.ok()) {
        write_line(STDERR_FILENO, "stalwart-httpctl serve: cannot set up signal handling");
        return 1;
    }
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, nullptr);

    server::ServeService service(std::move(options),
                                 [](std::string_view line) { write_line(STDERR_FILENO, std::string(line)); });
    if (auto error = service.open_storage(); !error.empty()) {
        write_line(STDERR_FILENO, "stalwart-httpctl serve: " + error);
        return 1;
    }
    const auto report = service.load();
    if (server::has_errors(report)) {
        conf::RenderOptions render;
        render.command = "serve";
        const auto text = conf::render_human(std::span(&report, 1), render);
        std::fputs(text.c_str(), stderr);
        write_line(STDERR_FILENO,
                   "stalwart-httpctl serve: the configuration has errors; not starting");
        return 1;
    }
    log_warnings(report);

    auto binds = service.bind_specs();
    if (auto* error = std::get_if<std::string>(&binds)) {
        write_line(STDERR_FILENO, "stalwart-httpctl serve: " + *error);
        return 1;
    }
    server::HttpServer http(limits, log_format, service.hooks());
    if (auto error = http.bind(std::get<std::vector<server::BindSpec>>(binds)); !error.empty()) {
        write_line(STDERR_FILENO, "stalwart-httpctl serve: " + error);
        return 1;
    }
    http.start();
    for (const auto& address : http.bound()) {
        write_line(STDOUT_FILENO, nlohmann::json{{"event", "listening"},
                                                 {"listener", address.listener_id},
                                                 {"bind_index", address.bind_index},
                                                 {"address", address.ip},
                                                 {"port", address.port},
                                                 {"tls", address.tls},
                                                 {"url", url_of(address)}}
                                      .dump());
    }
    write_line(STDOUT_FILENO,
               nlohmann::json{{"event", "ready"}, {"pid", static_cast<int>(::getpid())}}.dump());

    for (;;) {
        const int signal_number = signals.wait();
        if (signal_number == SIGHUP) {
            write_line(STDERR_FILENO, "stalwart-httpctl: SIGHUP: reloading the configuration");
            (void)service.reload(false, "SIGHUP");
            continue;
        }
        write_line(STDERR_FILENO, "stalwart-httpctl: stopping: finishing requests in flight");
        service.shutdown_push();  // open event streams end now
        http.stop();
        write_line(STDERR_FILENO, "stalwart-httpctl: stopped");
        return 0;
    }
}

}  // namespace

void register_serve(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArguments>();
    CLI::App* cmd = app.add_subcommand(
        "serve", "Serve the HTTP side of a Stalwart configuration (JMAP session, management API)");
    cmd->add_option("--config,-c", args->config,
                    "Configuration file (default: a built-in one on 127.0.0.1:8080)");
    cmd->add_option("--listen", args->listen,
                    "ADDR:PORT adds a plain listener `cli`; ID=ADDR:PORT binds listener ID there "
                    "instead (repeatable; port 0 = any free port)");
    cmd->add_option("--target", args->target, "Stalwart version the file is for (0.8, 0.12, head)");
    cmd->add_option("--log-format", args->log_format, "Access log: plain, json or off")
        ->capture_default_str();
    cmd->add_option("--trusted-proxies", args->trusted_proxies,
                    "CIDR,... : with use-x-forwarded on, believe forwarded addresses only when "
                    "vouched for by these proxies");
    cmd->add_option("--data-dir", args->data_dir,
                    "Directory for uploaded JMAP blobs, kept across restarts (default: a "
                    "temporary one, deleted at exit)");
    cmd->add_option("--max-header-size", args->max_header_size,
                    "Request line + headers, bytes (beyond: 431)")
        ->capture_default_str();
    cmd->add_option("--max-body-size", args->max_body_size,
                    "Cap on every request body, bytes (beyond: 413; default: the JMAP limits)");
    cmd->add_option("--header-timeout", args->header_timeout,
                    "Seconds for a whole request head to arrive (beyond: 408)")
        ->capture_default_str();
    cmd->add_option("--read-timeout", args->read_timeout, "Seconds per body read")
        ->capture_default_str();
    cmd->add_option("--write-timeout", args->write_timeout, "Seconds per response write")
        ->capture_default_str();
    cmd->add_option("--keep-alive-timeout", args->keep_alive_timeout,
                    "Seconds an idle connection is kept")
        ->capture_default_str();
    cmd->add_option("--keep-alive-requests", args->keep_alive_requests,
                    "Requests per connection before it is closed")
        ->capture_default_str();
    cmd->add_option("--threads", args->threads,
                    "Worker threads: requests that may block (bodies, password checks, disk), "
                    "WebSockets and event streams, TLS connections")
        ->capture_default_str();
    cmd->add_option("--event-loops", args->event_loops,
                    "Threads holding plain connections and answering quick requests "
                    "(0: one per core, at most 4)")
        ->capture_default_str();
    cmd->add_option("--max-connections", args->max_connections,
                    "Connections open at once (beyond: 503)")
        ->capture_default_str();
    cmd->add_option("--shutdown-timeout", args->shutdown_timeout,
                    "Seconds in-flight requests get to finish on SIGINT/SIGTERM")
        ->capture_default_str();
    cmd->callback([args, &exit_code] { exit_code = run_serve(*args); });
}

}  // namespace httpctl::app
