#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server/blob_store.hpp"
#include "temp_dir.hpp"

using httpctl::server::BlobStore;
using httpctl::test::TempDir;
namespace fs = std::filesystem;

namespace {

BlobStore open_store(const fs::path& root) {
    std::string error;
    auto store = BlobStore::open(root, error);
    INFO(error);
    REQUIRE(store);
    return *store;
}

std::size_t files_in(const fs::path& directory) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory))
        ++count;
    return count;
}

}  // namespace

TEST_CASE("a stored blob reads back for its account, by a content-derived id", "[blob]") {
    TempDir dir;
    const BlobStore store = open_store(dir.path());
    const auto stored = store.put("b", "hello blob");
    INFO(stored.error);
    REQUIRE(stored.blob);
    // SHA-256("hello blob"), lower-case hex, behind the "b" prefix.
    CHECK(stored.blob->blob_id.size() == 65);
    CHECK(BlobStore::is_blob_id(stored.blob->blob_id));
    CHECK(stored.blob->size == 10);
    CHECK(store.get("b", stored.blob->blob_id) == std::optional<std::string>("hello blob"));

    // Same bytes, same id, stored once.
    const auto again = store.put("b", "hello blob");
    REQUIRE(again.blob);
    CHECK(again.blob->blob_id == stored.blob->blob_id);
    CHECK(files_in(dir.path() / "blobs") == 1);
    // Different bytes, different id.
    const auto other = store.put("b", "hello blob!");
    REQUIRE(other.blob);
    CHECK(other.blob->blob_id != stored.blob->blob_id);
}

TEST_CASE("one account cannot read another account's blob, even with the same bytes", "[blob]") {
    TempDir dir;
    const BlobStore store = open_store(dir.path());
    const auto mine = store.put("b", "secret");
    REQUIRE(mine.blob);
    CHECK_FALSE(store.get("c", mine.blob->blob_id));
    CHECK_FALSE(store.get("d333333", mine.blob->blob_id));
    // Once the other account uploads the same bytes it may read them (its own upload).
    const auto theirs = store.put("c", "secret");
    REQUIRE(theirs.blob);
    CHECK(theirs.blob->blob_id == mine.blob->blob_id);
    CHECK(store.get("c", mine.blob->blob_id) == std::optional<std::string>("secret"));
}

TEST_CASE("blobs survive reopening the store; leftovers of interrupted writes are removed",
          "[blob]") {
    TempDir dir;
    std::string blob_id;
    {
        const BlobStore store = open_store(dir.path());
        const auto stored = store.put("ba", std::string(100'000, 'x'));
        REQUIRE(stored.blob);
        blob_id = stored.blob->blob_id;
    }
    // A write that crashed before its rename leaves a file in tmp/ and nothing else.
    std::ofstream(dir.path() / "tmp" / "half-written.XXXXXX") << "partial";
    const BlobStore reopened = open_store(dir.path());
    CHECK(files_in(dir.path() / "tmp") == 0);
    const auto bytes = reopened.get("ba", blob_id);
    REQUIRE(bytes);
    CHECK(*bytes == std::string(100'000, 'x'));
}

TEST_CASE("malformed ids never reach the file system", "[blob]") {
    TempDir dir;
    const BlobStore store = open_store(dir.path());
    const auto stored = store.put("b", "x");
    REQUIRE(stored.blob);
    const std::string hex = stored.blob->blob_id.substr(1);
    CHECK_FALSE(store.get("b", hex));                      // no prefix
    CHECK_FALSE(store.get("b", "b" + hex.substr(0, 63)));  // too short
    CHECK_FALSE(store.get("b", "../blobs/" + hex));        // traversal
    CHECK_FALSE(store.get("../accounts/b", stored.blob->blob_id));
    CHECK_FALSE(store.get("B", stored.blob->blob_id));  // not the JMAP alphabet
    CHECK_FALSE(store.get("", stored.blob->blob_id));
    CHECK(store.put("../x", "y").error.find("not a JMAP account id") != std::string::npos);
    CHECK(store.put("", "y").error.find("not a JMAP account id") != std::string::npos);
}

TEST_CASE("an empty blob is a blob", "[blob]") {
    TempDir dir;
    const BlobStore store = open_store(dir.path());
    const auto stored = store.put("b", "");
    REQUIRE(stored.blob);
    CHECK(stored.blob->size == 0);
    CHECK(store.get("b", stored.blob->blob_id) == std::optional<std::string>(""));
}

TEST_CASE("a store that cannot create its directories says where", "[blob]") {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "not a directory";
    std::string error;
    CHECK_FALSE(BlobStore::open(dir.path() / "file" / "store", error));
    CHECK(error.find("file/store") != std::string::npos);
}
