#pragma once
/// @file search_page.hpp
/// The report's static search page over the archive's full-text index
/// (OUT/index/fulltext.sqlite: on-screen text, transcripts, face names) and the asset
/// paths. Browsers cannot open SQLite from file://, so the rows are written to
/// search.js and searched in the page with the index's own rules (search.js.cpp).

#include <filesystem>
#include <string>
#include <vector>

#include "fulltext/fulltext_index.hpp"

namespace reelscale::report {

/// Most rows the page carries (about 100 B each); beyond this the page says it is partial
/// and points to `reelscale search`.
inline constexpr std::size_t kSearchRowLimit = 2'000'000;

/// search.js: `window.REELSCALE_SEARCH={truncated:BOOL,rows:[[asset,path,kind,start_s,end_s,text],...]};`
std::string search_js(const std::vector<fulltext::IndexRow>& rows, bool truncated);

/// search.html: query box (also `?q=` in the URL), kind selector, hits ranked by BM25.
std::string search_page();

/// The page's script: tokenises and normalises like the index's tokenizer (unicode61 with
/// remove_diacritics 2 and categories "L* N* Co M*", then fulltext::normalise_token), every
/// query word must occur, ranks by BM25 (k1 = 1.2, b = 0.75, FTS5's bm25() defaults), ties
/// by asset and start time.
extern const char* const kSearchJs;

/// Writes OUT/report/search.{html,js} when OUT's full-text index exists and returns true;
/// otherwise removes a stale search page and returns false.
/// @throws std::runtime_error when the index cannot be read or a file cannot be written.
bool write_search_page(const std::filesystem::path& out);

}  // namespace reelscale::report
