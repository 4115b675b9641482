#pragma once
/// @file search_tokenizer.hpp
/// The FTS5 tokenizer "reelscale": SQLite's own unicode61 tokenizer (remove_diacritics 2,
/// token characters "L* N* Co M*" so that Arabic harakat do not split words) whose tokens
/// pass through normalise_token (text_normalise.hpp) before they are indexed or matched.
/// Byte offsets stay those of the original text, so snippet() shows the text as written.

namespace reelscale::fulltext {

class Database;

/// Tokenizer name to use in CREATE VIRTUAL TABLE ... USING fts5(..., tokenize='reelscale').
inline constexpr const char* kTokenizerName = "reelscale";

/// Registers the tokenizer on `db` (needed on every connection that writes or queries).
/// @throws std::runtime_error when FTS5 or unicode61 is unavailable.
void register_search_tokenizer(Database& db);

}  // namespace reelscale::fulltext
