#pragma once
/// @file text_normalise.hpp
/// Search normalisation of one token (UTF-8), applied identically when indexing and when
/// querying (it runs inside the FTS5 tokenizer, see arabic_tokenizer.hpp):
/// - Arabic harakat and Quranic marks U+064B-U+065F, superscript alef U+0670 and tatweel
///   U+0640 are removed;
/// - alef with madda / hamza above / hamza below / wasla (U+0622, U+0623, U+0625, U+0671)
///   become bare alef U+0627; alef maqsura U+0649 becomes yeh U+064A; teh marbuta U+0629
///   becomes heh U+0647 (the orthographic normalisation of Larkey, Ballesteros & Connell,
///   "Light stemming for Arabic information retrieval", 2007, without stemming);
/// - Arabic-Indic digits U+0660-U+0669 and U+06F0-U+06F9 become ASCII 0-9;
/// - combining diacritics U+0300-U+036F are removed (Latin case and precomposed diacritics
///   are folded by unicode61 itself, remove_diacritics 2).

#include <string>
#include <string_view>

namespace reelscale::fulltext {

/// The normalised form of `utf8` (invalid bytes are kept as they are).
std::string normalise_token(std::string_view utf8);

}  // namespace reelscale::fulltext
