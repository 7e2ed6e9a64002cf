// A real browser against `serve` (spec http.md §10.4, §10.5): a page from one origin calls
// fetch() on `serve` listening on another port. With permissive-cors the browser lets the page
// read both a simple GET and a preflighted, authenticated one; without it the browser blocks
// both. The outcome is what headless Chromium leaves in the page's DOM (--dump-dom); serve's
// access log shows that the answers did reach the browser (a block, not a failed connection)
// and which requests the preflight let through.
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve_support.hpp"
#include "support/process.hpp"

using httpctl::test::run_command;
using httpctl::test::ServeProcess;
using httpctl::test::shell_quote;
using httpctl::test::TempFile;

namespace {

// The page's origin: a second, independent HTTP server in this process on its own port.
class PageServer {
  public:
    explicit PageServer(std::string html) : html_(std::move(html)) {
        server_.Get("/", [this](const httplib::Request&, httplib::Response& response) {
            response.set_content(html_, "text/html; charset=utf-8");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 500 && !server_.is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        REQUIRE(server_.is_running());
    }
    ~PageServer() {
        server_.stop();
        thread_.join();
    }
    PageServer(const PageServer&) = delete;
    PageServer& operator=(const PageServer&) = delete;

    [[nodiscard]] int port() const noexcept { return port_; }

  private:
    std::string html_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
};

// Two fetches against serve's origin; the page writes both outcomes into #result.
std::string page_html(std::uint16_t serve_port) {
    const std::string base = "http://127.0.0.1:" + std::to_string(serve_port);
    return R"(<!doctype html><html><body><pre id="result">pending</pre><script>
const base = ')" +
           base +
           R"(';
async function attempt(run) {
  try { return 'ok:' + await run(); } catch (e) { return 'blocked:' + e.name; }
}
(async () => {
  // A simple request: no preflight; the browser only lets the page read the answer with CORS.
  const simple = await attempt(async () => {
    const r = await fetch(base + '/robots.txt');
    return r.status + ':' + (await r.text()).split('\n')[0];
  });
  // An Authorization header makes this a preflighted request (OPTIONS first).
  const session = await attempt(async () => {
    const r = await fetch(base + '/.well-known/jmap',
                          {headers: {'Authorization': 'Basic ' + btoa('admin:pw')}});
    return r.status + ':' + (await r.json()).username;
  });
  document.getElementById('result').textContent = 'simple=' + simple + ' session=' + session;
})();
</script></body></html>)";
}

// What the page wrote into its DOM, as Chromium dumps it.
std::string browser_outcome(int page_port) {
    const std::filesystem::path profile =
        std::filesystem::temp_directory_path() /
        ("httpctl-chromium-" + std::to_string(::getpid()) + "-" + std::to_string(page_port));
    std::filesystem::remove_all(profile);
    // No sandbox (CI runs as root), no traffic to the outside world, a fresh profile; the
    // virtual-time budget lets the page's fetches finish before the DOM is dumped.
    const std::string command =
        "timeout 25 chromium --headless --no-sandbox --disable-gpu --disable-quic "
        "--no-first-run --disable-background-networking --disable-component-update "
        "--disable-sync --user-data-dir=" +
        shell_quote(profile.string()) +
        " --virtual-time-budget=10000 --dump-dom http://127.0.0.1:" + std::to_string(page_port) +
        "/ 2>/dev/null";
    const auto result = run_command(command);
    std::error_code ignored;
    std::filesystem::remove_all(profile, ignored);
    INFO("chromium exit code " << result.exit_code << ", output:\n" << result.out);
    REQUIRE(result.exit_code == 0);
    const std::string_view marker = "<pre id=\"result\">";
    const auto start = result.out.find(marker);
    REQUIRE(start != std::string::npos);
    const auto text_start = start + marker.size();
    const auto end = result.out.find("</pre>", text_start);
    REQUIRE(end != std::string::npos);
    return result.out.substr(text_start, end - text_start);
}

std::string serve_config(bool permissive_cors) {
    return std::string(
               "[server.listener.http]\nprotocol = \"http\"\nbind = \"127.0.0.1:0\"\n\n"
               "[server.http]\npermissive-cors = ") +
           (permissive_cors ? "true" : "false") +
           "\n\n[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"pw\"\n";
}

// "METHOD PATH STATUS" for each access-log line of serve so far.
std::vector<std::string> access_log(const ServeProcess& serve) {
    std::vector<std::string> lines;
    const std::string text = serve.stderr_text();
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const auto line = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
        if (line.is_object() && line.contains("method")) {
            lines.push_back(line.value("method", "") + " " + line.value("path", "") + " " +
                            std::to_string(line.value("status", 0)));
        }
        start = end + 1;
    }
    return lines;
}

// The access log once it has `count` lines (it is written after each answer), bounded wait.
std::vector<std::string> access_log_with(const ServeProcess& serve, std::size_t count) {
    std::vector<std::string> lines = access_log(serve);
    for (int attempt = 0; attempt < 100 && lines.size() < count; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        lines = access_log(serve);
    }
    return lines;
}

}  // namespace

TEST_CASE("serve: a cross-origin page can read the answers only with permissive-cors",
          "[serve][browser]") {
    // The bootstrap installs Chromium: missing, the test fails rather than being skipped.
    REQUIRE(run_command("command -v chromium").exit_code == 0);

    SECTION("permissive-cors on: both fetches succeed, the preflight precedes the GET") {
        const TempFile config(serve_config(true));
        ServeProcess serve({"--config", config.path(), "--log-format", "json"});
        REQUIRE(!serve.wait_ready().empty());
        const PageServer page(page_html(serve.port("http")));
        CHECK(browser_outcome(page.port()) == "simple=ok:200:User-agent: * session=ok:200:admin");
        const std::vector<std::string> expected = {
            "GET /robots.txt 200", "OPTIONS /.well-known/jmap 204", "GET /.well-known/jmap 200"};
        CHECK(access_log_with(serve, expected.size()) == expected);
    }
    SECTION(
        "permissive-cors off: the browser blocks both, the GET after the preflight is never sent") {
        const TempFile config(serve_config(false));
        ServeProcess serve({"--config", config.path(), "--log-format", "json"});
        REQUIRE(!serve.wait_ready().empty());
        const PageServer page(page_html(serve.port("http")));
        CHECK(browser_outcome(page.port()) == "simple=blocked:TypeError session=blocked:TypeError");
        // serve did answer both requests the browser sent: the block is the browser's.
        const std::vector<std::string> expected = {"GET /robots.txt 200",
                                                   "OPTIONS /.well-known/jmap 204"};
        CHECK(access_log_with(serve, expected.size() + 1) == expected);
    }
}
