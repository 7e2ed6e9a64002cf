// Reading REPL input from a pipe or file: lines as they are, nothing written back.
#include "line_reader.hpp"

namespace httpctl::app {

namespace {

class StreamLineReader final : public LineReader {
  public:
    explicit StreamLineReader(std::istream& in) : in_(in) {}
    ReadResult read(const std::string& /*prompt*/) override {
        ReadResult r;
        if (!std::getline(in_, r.text)) return r;
        if (!r.text.empty() && r.text.back() == '\r') r.text.pop_back();
        r.status = ReadResult::Status::Line;
        return r;
    }
    void remember(const std::string& /*entry*/) override {}

  private:
    std::istream& in_;
};

}  // namespace

std::unique_ptr<LineReader> make_stream_reader(std::istream& in) {
    return std::make_unique<StreamLineReader>(in);
}

}  // namespace httpctl::app
