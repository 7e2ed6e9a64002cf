// Reading REPL input on a terminal through libedit (BSD-licensed): line editing, a history file,
// Tab completion and Ctrl-C to throw the current line away.
#include <histedit.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "line_reader.hpp"

namespace httpctl::app {

namespace {

constexpr int kHistorySize = 1000;

std::string common_prefix(const std::vector<std::string>& words) {
    if (words.empty()) return {};
    std::string prefix = words.front();
    for (const std::string& w : words) {
        std::size_t n = 0;
        while (n < prefix.size() && n < w.size() && prefix[n] == w[n])
            ++n;
        prefix.resize(n);
    }
    return prefix;
}

class EditLineReader final : public LineReader {
  public:
    EditLineReader(Completer completer, std::string history_file)
        : completer_(std::move(completer)), history_file_(std::move(history_file)) {
        history_ = history_init();
        history(history_, &event_, H_SETSIZE, kHistorySize);
        history(history_, &event_, H_SETUNIQUE, 1);
        if (!history_file_.empty()) {
            // A missing file is the normal first run; anything unreadable starts empty.
            history(history_, &event_, H_LOAD, history_file_.c_str());
        }
        // The terminal as the shell left it, restored at the end (libedit changes it from
        // el_init on).
        saved_ = tcgetattr(STDIN_FILENO, &original_) == 0;
        el_ = el_init("stalwart-httpctl", stdin, stdout, stderr);
        el_set(el_, EL_CLIENTDATA, this);
        el_set(el_, EL_EDITOR, "emacs");
        el_set(el_, EL_SIGNAL, 1);
        el_set(el_, EL_PROMPT, &EditLineReader::prompt_of);
        el_set(el_, EL_HIST, history, history_);
        // The wide-character call keeps these (static) names; the narrow one copies them and
        // never frees the copies.
        el_wset(el_, EL_ADDFN, L"httpctl-complete", L"Complete the word before the cursor",
                &EditLineReader::complete);
        el_set(el_, EL_BIND, "^I", "httpctl-complete", nullptr);
        // Ctrl-C reaches us as a key, not as SIGINT: it ends the line and marks it cancelled.
        // (Typed while an entry is evaluated, it waits and cancels the next line.)
        el_set(el_, EL_SETTY, "-d", "-isig", nullptr);
        // Between two lines (while an entry is evaluated) the terminal stays non-canonical and
        // silent: keys typed ahead then reach the editor as they are, instead of being echoed
        // twice or, for Ctrl-D, turned by the kernel's line discipline into a NUL byte.
        el_set(el_, EL_SETTY, "-x", "-icanon", "-echo", "-isig", nullptr);
        // libedit switches modes only when it first reads; set them now so that keys typed as
        // soon as the first prompt shows are not handled by the line discipline either.
        if (saved_) {
            termios quiet = original_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG);
            quiet.c_cc[VMIN] = 1;
            quiet.c_cc[VTIME] = 0;
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        el_wset(el_, EL_ADDFN, L"httpctl-cancel", L"Throw the current input away",
                &EditLineReader::cancel);
        el_set(el_, EL_BIND, "^C", "httpctl-cancel", nullptr);
    }
    ~EditLineReader() override {
        el_end(el_);
        history_end(history_);
        if (saved_) tcsetattr(STDIN_FILENO, TCSANOW, &original_);
    }
    EditLineReader(const EditLineReader&) = delete;
    EditLineReader& operator=(const EditLineReader&) = delete;

    ReadResult read(const std::string& prompt) override {
        prompt_ = prompt;
        cancelled_ = false;
        int count = 0;
        const char* line = el_gets(el_, &count);
        ReadResult r;
        if (cancelled_) {
            r.status = ReadResult::Status::Cancelled;
            return r;
        }
        if (line == nullptr || count <= 0) return r;  // Ctrl-D on an empty line, or an error
        r.text.assign(line, static_cast<std::size_t>(count));
        while (!r.text.empty() && (r.text.back() == '\n' || r.text.back() == '\r'))
            r.text.pop_back();
        r.status = ReadResult::Status::Line;
        return r;
    }

    void remember(const std::string& entry) override {
        if (entry.find_first_not_of(" \t\r\n") == std::string::npos) return;
        history(history_, &event_, H_ENTER, entry.c_str());
        if (history_file_.empty() || !warning_.empty()) return;
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(history_file_).parent_path(), ec);
        // Saved after every entry, so a killed session keeps what was typed.
        if (history(history_, &event_, H_SAVE, history_file_.c_str()) < 0) {
            warning_ = "cannot write the history file " + history_file_;
        }
    }

    [[nodiscard]] std::string warning() const override { return warning_; }

  private:
    static EditLineReader& self(EditLine* el) {
        void* data = nullptr;
        el_get(el, EL_CLIENTDATA, &data);
        return *static_cast<EditLineReader*>(data);
    }

    static char* prompt_of(EditLine* el) { return self(el).prompt_.data(); }

    static unsigned char cancel(EditLine* el, int /*ch*/) {
        self(el).cancelled_ = true;
        std::fputs("^C\n", stdout);
        return CC_NEWLINE;
    }

    static unsigned char complete(EditLine* el, int /*ch*/) {
        EditLineReader& me = self(el);
        const LineInfo* info = el_line(el);
        const std::string_view before(info->buffer,
                                      static_cast<std::size_t>(info->cursor - info->buffer));
        const Completion c = me.completer_(before);
        if (c.candidates.empty() || c.replace_from > before.size()) return CC_REFRESH_BEEP;
        const std::string_view typed = before.substr(c.replace_from);
        const std::string prefix = common_prefix(c.candidates);
        if (prefix.size() > typed.size() && prefix.compare(0, typed.size(), typed) == 0) {
            el_insertstr(el, prefix.c_str() + typed.size());
            return CC_REFRESH;
        }
        if (c.candidates.size() == 1) return CC_REFRESH;
        // Nothing more in common: list the choices under the line and draw it again.
        std::size_t width = 0;
        for (const std::string& s : c.candidates)
            width = std::max(width, s.size());
        width += 2;
        const std::size_t per_row = std::max<std::size_t>(1, 80 / width);
        std::string listing = "\n";
        for (std::size_t i = 0; i < c.candidates.size(); ++i) {
            listing += c.candidates[i];
            const bool row_end = (i + 1) % per_row == 0 || i + 1 == c.candidates.size();
            listing +=
                row_end ? std::string("\n") : std::string(width - c.candidates[i].size(), ' ');
        }
        std::fputs(listing.c_str(), stdout);
        std::fflush(stdout);
        return CC_REDISPLAY;
    }

    Completer completer_;
    std::string history_file_;
    History* history_ = nullptr;
    HistEvent event_{};
    EditLine* el_ = nullptr;
    std::string prompt_;
    bool cancelled_ = false;
    std::string warning_;
    termios original_{};
    bool saved_ = false;
};

}  // namespace

std::unique_ptr<LineReader> make_terminal_reader(Completer completer, std::string history_file) {
    return std::make_unique<EditLineReader>(std::move(completer), std::move(history_file));
}

}  // namespace httpctl::app
