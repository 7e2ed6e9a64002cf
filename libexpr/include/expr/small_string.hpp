// A string with a large inline buffer, so that the values of typical expressions (URLs, host
// names, header lines) never touch the heap during evaluation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

namespace httpctl::expr {

class SmallString {
public:
    static constexpr std::size_t kInlineCapacity = 47;

    SmallString() noexcept { inline_[0] = '\0'; }
    SmallString(std::string_view s) { assign(s); }  // NOLINT(google-explicit-constructor)
    SmallString(const char* s) : SmallString(std::string_view(s)) {}  // NOLINT
    SmallString(const std::string& s) : SmallString(std::string_view(s)) {}  // NOLINT
    SmallString(const SmallString& o) { assign(o.view()); }
    SmallString(SmallString&& o) noexcept { steal(o); }
    SmallString& operator=(const SmallString& o) {
        if (this != &o) assign(o.view());
        return *this;
    }
    SmallString& operator=(SmallString&& o) noexcept {
        if (this != &o) {
            release();
            steal(o);
        }
        return *this;
    }
    SmallString& operator=(std::string_view s) {
        assign(s);
        return *this;
    }
    ~SmallString() { release(); }

    [[nodiscard]] const char* data() const noexcept { return heap_ ? h_.ptr : inline_; }
    [[nodiscard]] char* data() noexcept { return heap_ ? h_.ptr : inline_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::size_t capacity() const noexcept { return heap_ ? h_.cap : kInlineCapacity; }
    [[nodiscard]] std::string_view view() const noexcept { return {data(), size_}; }
    operator std::string_view() const noexcept { return view(); }  // NOLINT
    [[nodiscard]] std::string str() const { return std::string(view()); }

    void clear() noexcept { set_size(0); }
    void reserve(std::size_t n) {
        if (n > capacity()) grow(n);
    }
    void append(std::string_view s) {
        std::size_t n = size_ + s.size();
        if (n > capacity()) grow(n < 2 * capacity() ? 2 * capacity() : n);
        if (!s.empty()) std::memcpy(data() + size_, s.data(), s.size());  // s.data() may be null
        set_size(n);
    }
    void push_back(char c) { append(std::string_view(&c, 1)); }
    void assign(std::string_view s) {
        if (s.size() > capacity()) {
            size_ = 0;
            grow(s.size());
        }
        if (!s.empty()) std::memmove(data(), s.data(), s.size());  // s.data() may be null
        set_size(s.size());
    }
    // Make room for n more bytes and return where to write them; commit with resize().
    char* append_uninitialized(std::size_t n) {
        std::size_t want = size_ + n;
        if (want > capacity()) grow(want < 2 * capacity() ? 2 * capacity() : want);
        return data() + size_;
    }
    void resize(std::size_t n) {
        if (n > capacity()) grow(n);
        set_size(n);
    }

    friend bool operator==(const SmallString& a, const SmallString& b) noexcept {
        return a.view() == b.view();
    }

private:
    struct HeapPart {
        char* ptr;
        std::size_t cap;
    };
    void set_size(std::size_t n) noexcept {
        size_ = static_cast<std::uint32_t>(n);
        data()[n] = '\0';
    }
    void grow(std::size_t cap) {
        if (cap > 0xFFFFFFF0u) throw std::bad_alloc();
        char* p = static_cast<char*>(std::malloc(cap + 1));
        if (p == nullptr) throw std::bad_alloc();
        std::memcpy(p, data(), size_);
        p[size_] = '\0';
        release();
        h_.ptr = p;
        h_.cap = cap;
        heap_ = true;
    }
    void release() noexcept {
        if (heap_) std::free(h_.ptr);
        heap_ = false;
    }
    void steal(SmallString& o) noexcept {
        // A fixed-size copy of the whole buffer compiles to a few register moves, cheaper
        // than copying just the used bytes.
        heap_ = o.heap_;
        size_ = o.size_;
        std::memcpy(inline_, o.inline_, sizeof inline_);
        o.heap_ = false;
        o.size_ = 0;
        o.inline_[0] = '\0';
    }

    union {
        char inline_[kInlineCapacity + 1];
        HeapPart h_;
    };
    std::uint32_t size_ = 0;
    bool heap_ = false;
};

}  // namespace httpctl::expr
