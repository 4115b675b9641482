/// @file test_report_search.cpp
/// The report's static search page (search.html + search-page.js) against the index it
/// mirrors: for queries in English and Arabic (with case, harakat and hamza variants), the
/// hits headless Chromium renders are exactly the rows SQLite FTS5 returns through
/// fulltext::search (`reelscale search`). Rows are the real transcriptions of
/// ../shared/corpus/ocr/truth.json.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fulltext/fulltext_index.hpp"
#include "report/pages.hpp"
#include "report/search_page.hpp"
#include "report/static_files.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using reelscale::testing::run_capture;
using reelscale::testing::shell_quote;

namespace {

const char* kChromium = "/usr/bin/chromium";

std::string dump_dom(const std::string& url) {
  const fs::path profile = reelscale::testing::scratch_dir("chromium_search_profile");
  int st = 0;
  std::string dom = run_capture(std::string("timeout 90 ") + kChromium +
                                    " --headless --no-sandbox --disable-gpu --no-first-run --disable-sync"
                                    " --disable-background-networking --disable-component-update --user-data-dir=" +
                                    shell_quote(profile.string()) + " --dump-dom " + shell_quote(url) + " 2>/dev/null",
                                &st);
  EXPECT_EQ(st, 0);
  return dom;
}

using Hit = std::tuple<std::string, std::string, long>;  // asset, kind, start in ms

std::set<Hit> page_hits(const std::string& dom) {
  std::set<Hit> hits;
  const std::regex re("<tr class=\"hit\" data-asset=\"([^\"]*)\" data-kind=\"([^\"]*)\" data-start=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), re); it != std::sregex_iterator(); ++it)
    hits.insert({(*it)[1], (*it)[2], std::lround(std::stod((*it)[3]) * 1000)});
  return hits;
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += char(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class SearchPage : public ::testing::Test {
 protected:
  void SetUp() override {
    auto corpus = reelscale::testing::corpus_dir();
    if (!corpus || !fs::exists(corpus->parent_path() / "ocr" / "truth.json"))
      GTEST_SKIP() << "no ../shared/corpus/ocr/truth.json (REELSCALE_CORPUS)";
    if (!fs::exists(kChromium)) GTEST_SKIP() << "no " << kChromium << " (Debian package chromium)";
    std::ifstream in(corpus->parent_path() / "ocr" / "truth.json");
    const auto truth = nlohmann::json::parse(in);
    out_ = reelscale::testing::scratch_dir("report_search");
    fs::create_directories(out_ / "report");
    {
      reelscale::fulltext::IndexWriter w(reelscale::fulltext::index_path(out_));
      int i = 0;
      for (const auto& t : truth) {
        const std::string text = t.value("text", "");
        if (text.empty()) continue;
        const std::string asset = "asset" + std::to_string(i % 7);
        w.add({asset, "/archive/" + asset + ".mpg", i % 3 == 0 ? "speech" : "text", 2.5 * i, 2.5 * i + 2, text});
        texts_.push_back(text);
        ++i;
      }
      w.commit();
    }
    std::vector<reelscale::report::IndexRow> assets;
    for (int a = 0; a < 7; ++a) {
      reelscale::report::IndexRow r;
      r.id = "asset" + std::to_string(a), r.path = "/archive/asset" + std::to_string(a) + ".mpg", r.status = "ok";
      assets.push_back(r);
    }
    std::ofstream(out_ / "report" / "assets.js") << reelscale::report::assets_js(assets);
    std::ofstream(out_ / "report" / "report.css") << reelscale::report::kReportCss;
    ASSERT_TRUE(reelscale::report::write_search_page(out_));
  }
  void expect_same_hits(const std::string& q) {
    std::set<Hit> want;
    for (const auto& h : reelscale::fulltext::search(reelscale::fulltext::index_path(out_), q, 100000))
      want.insert({h.row.asset, h.row.kind, std::lround(h.row.start_s * 1000)});
    const auto dom = dump_dom("file://" + (out_ / "report" / "search.html").string() + "?q=" + url_encode(q));
    EXPECT_EQ(page_hits(dom), want) << "query '" << q << "'";
    ++compared_;
    nonempty_ += !want.empty();
  }
  fs::path out_;
  std::vector<std::string> texts_;
  int compared_ = 0, nonempty_ = 0;
};

/// The first word of `text` that is at least `min_bytes` long, "" if none.
std::string word_of(const std::string& text, std::size_t min_bytes) {
  std::istringstream in(text);
  std::string w;
  while (in >> w)
    if (w.size() >= min_bytes) return w;
  return "";
}

TEST_F(SearchPage, HitsEqualFts5ForEnglishAndArabicQueries) {
  std::vector<std::string> queries;
  for (std::size_t i = 0; i < texts_.size() && queries.size() < 8; i += 5)
    if (auto w = word_of(texts_[i], 4); !w.empty()) queries.push_back(w);
  ASSERT_GE(queries.size(), 4u);
  // Variants the index's normalisation must fold: upper case, harakat, hamza on alef.
  queries.push_back("THE");
  queries.push_back("\xd8\xa3\xd9\x86");          // أن (alef with hamza above + noon)
  queries.push_back("\xd9\x85\xd9\x8e\xd9\x86");  // مَن (meem, fatha, noon)
  queries.push_back(queries[0] + " " + queries[1]);  // two words: both must occur
  for (const auto& q : queries) expect_same_hits(q);
  EXPECT_GE(nonempty_, 5) << "most queries must find something, or the comparison proves little";
}

TEST_F(SearchPage, AssetNamesAndStatusLine) {
  const auto dom = dump_dom("file://" + (out_ / "report" / "search.html").string() + "?q=asset3");
  EXPECT_NE(dom.find("<li class=\"asset-hit\" data-asset=\"asset3\""), std::string::npos);
  EXPECT_EQ(dom.find("data-asset=\"asset4\""), std::string::npos);
  EXPECT_NE(dom.find("asset(s) by name"), std::string::npos);
}

}  // namespace
